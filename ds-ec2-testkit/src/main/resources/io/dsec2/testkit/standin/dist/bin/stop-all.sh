#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/stop-all.sh: over SSH, stops masters, workers,
# the alert server and api servers listed in bin/env/install_env.sh, in the same order.
workDir=$(cd "$(dirname $0)"; pwd)
source ${workDir}/env/install_env.sh
source ${workDir}/env/dolphinscheduler_env.sh

run() { ssh -o StrictHostKeyChecking=no -p $sshPort $1 "cd $installPath/; bash bin/dolphinscheduler-daemon.sh $2 $3;"; }
for master in ${masters//,/ }; do echo "$master master server is stopping"; run $master stop master-server; done
for w in ${workers//,/ }; do worker=${w%%:*}; echo "$worker worker server is stopping"; run $worker stop worker-server; done
echo "$alertServer alert server is stopping"; run $alertServer stop alert-server
for api in ${apiServers//,/ }; do echo "$api api server is stopping"; run $api stop api-server; done

