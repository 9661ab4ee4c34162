#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/status-all.sh: prints each server's daemon status
# over SSH for the hosts of bin/env/install_env.sh.
workDir=$(cd "$(dirname $0)"; pwd)
source ${workDir}/env/install_env.sh
source ${workDir}/env/dolphinscheduler_env.sh

st() { ssh -o StrictHostKeyChecking=no -p $sshPort $1 "cd $installPath/; bash bin/dolphinscheduler-daemon.sh status $2;"; }
echo -e '\n====================== DolphinScheduler server config ============================='
echo -e "1.DolphinScheduler server node config hosts:[ \033[1;32m ${ips} \033[0m ]"
echo -e "2.master server node config hosts:[ \033[1;32m ${masters} \033[0m ]"
echo -e "3.worker server node config hosts:[ \033[1;32m ${workers} \033[0m ]"
echo -e "4.alert server node config hosts:[ \033[1;32m ${alertServer} \033[0m ]"
echo -e "5.api server node config hosts:[ \033[1;32m ${apiServers} \033[0m ]"
echo -e '\n====================== DolphinScheduler server status ============================='
for m in ${masters//,/ }; do echo "node server name:$m"; st $m master-server; done
for w in ${workers//,/ }; do h=${w%%:*}; echo "node server name:$h"; st $h worker-server; done
echo "node server name:$alertServer"; st $alertServer alert-server
for a in ${apiServers//,/ }; do echo "node server name:$a"; st $a api-server; done
