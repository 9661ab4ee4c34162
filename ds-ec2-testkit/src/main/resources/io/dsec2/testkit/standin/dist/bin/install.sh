#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/install.sh: prepare installPath, scp to the hosts,
# stop all, delete the ZooKeeper root, start all. Return codes of the last three steps are not checked.
workDir=$(cd "$(dirname $0)"; pwd)
baseDir=$(cd ${workDir}/..; pwd)
source ${workDir}/env/install_env.sh
source ${workDir}/env/dolphinscheduler_env.sh

if [ -z "$installPath" ] || [ "$installPath" == "/" ] || [ "$installPath" == "$baseDir" ]; then
  echo "Fatal: installPath can not be empty, / or the unpack dir ($baseDir)"
  exit 1
fi
if [ ! -d $installPath ]; then
  sudo mkdir -p $installPath
  sudo chown -R $deployUser:$deployUser $installPath
fi

echo "1.scp hosts"
bash ${workDir}/scp-hosts.sh
echo "2.stop server"
bash ${workDir}/stop-all.sh
echo "3.delete zk node"
bash ${workDir}/remove-zk-node.sh $zkRoot
echo "4.startup"
bash ${workDir}/start-all.sh
