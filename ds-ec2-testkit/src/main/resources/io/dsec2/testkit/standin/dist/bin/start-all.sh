#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/start-all.sh: over SSH, starts masters, workers,
# the alert server and api servers listed in bin/env/install_env.sh, then prints bin/status-all.sh locally.
workDir=$(cd "$(dirname $0)"; pwd)
source ${workDir}/env/install_env.sh
source ${workDir}/env/dolphinscheduler_env.sh

run() { ssh -o StrictHostKeyChecking=no -p $sshPort $1 "cd $installPath/; bash bin/dolphinscheduler-daemon.sh $2 $3;"; }
for master in ${masters//,/ }; do echo "$master master server is starting"; run $master start master-server; done
for w in ${workers//,/ }; do worker=${w%%:*}; echo "$worker worker server is starting"; run $worker start worker-server; done
echo "$alertServer alert server is starting"; run $alertServer start alert-server
for api in ${apiServers//,/ }; do echo "$api api server is starting"; run $api start api-server; done

cd $installPath; bash bin/status-all.sh
