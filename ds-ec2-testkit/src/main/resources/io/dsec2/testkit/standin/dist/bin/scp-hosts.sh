#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/scp-hosts.sh: full recursive scp of the install
# directories to every host of install_env.sh (no rsync; the top-level `ui` does not exist and its copy fails,
# as in 3.2.0; errors are not propagated).
workDir=$(cd "$(dirname $0)"; pwd)
source ${workDir}/env/install_env.sh

for host in ${ips//,/ }; do
  echo "start to scp to $host"
  if ! ssh -o StrictHostKeyChecking=no -p $sshPort $host test -e $installPath; then
    ssh -o StrictHostKeyChecking=no -p $sshPort $host "sudo mkdir -p $installPath; sudo chown -R $deployUser:$deployUser $installPath"
  fi
  for dsDir in bin master-server worker-server alert-server api-server ui tools; do
    echo "start to scp $dsDir to $host/$installPath"
    scp -q -P $sshPort -r $workDir/../$dsDir $host:$installPath
  done
  echo "scp dirs to $host/$installPath complete"
done
