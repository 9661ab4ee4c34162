#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/remove-zk-node.sh: `deleteall <rootNode>` with
# ZooKeeperMain against $REGISTRY_ZOOKEEPER_CONNECT_STRING (not set by the shipped env file).
print_usage(){
  printf $"USAGE:$0 rootNode\n"
  exit 1
}
if [ $# -ne 1 ]; then
  print_usage
fi
rootNode=$1

BIN_DIR=$(dirname $0)
BIN_DIR=$(cd "$BIN_DIR"; pwd)
DOLPHINSCHEDULER_HOME=$BIN_DIR/..
source ${BIN_DIR}/env/dolphinscheduler_env.sh

export JAVA_HOME=$JAVA_HOME
export DOLPHINSCHEDULER_CONF_DIR=$DOLPHINSCHEDULER_HOME/conf
export DOLPHINSCHEDULER_LIB_JARS=$DOLPHINSCHEDULER_HOME/api-server/libs/*
export DOLPHINSCHEDULER_OPTS="-Xmx1g -Xms1g -Xss512k -XX:+DisableExplicitGC -XX:+UseConcMarkSweepGC -XX:LargePageSizeInBytes=128m -XX:+UseFastAccessorMethods -XX:+UseCMSInitiatingOccupancyOnly -XX:CMSInitiatingOccupancyFraction=70 "
export STOP_TIMEOUT=5

CLASS=org.apache.zookeeper.ZooKeeperMain
exec_command="$DOLPHINSCHEDULER_OPTS -classpath $DOLPHINSCHEDULER_CONF_DIR:$DOLPHINSCHEDULER_LIB_JARS $CLASS -server $REGISTRY_ZOOKEEPER_CONNECT_STRING deleteall $rootNode"
cd $DOLPHINSCHEDULER_HOME
$JAVA_HOME/bin/java $exec_command
