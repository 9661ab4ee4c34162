#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's tools/bin/upgrade-schema.sh. Classpath as in 3.2.0:
# tools/conf, tools/sql, tools/libs/* and every jar of ../api-server/libs not named dolphinscheduler-* or spring-*.
# Needs JAVA_HOME, DATABASE (mysql|postgresql) and SPRING_DATASOURCE_* (from bin/env/dolphinscheduler_env.sh
# unless DOCKER=true), and the MySQL driver in tools/libs or api-server/libs for MySQL.

BIN_DIR=$(dirname $0)
DOLPHINSCHEDULER_HOME=${DOLPHINSCHEDULER_HOME:-$(cd $BIN_DIR/../..; pwd)}
TOOLS_HOME=$(cd $BIN_DIR/..; pwd)

if [ "$DOCKER" != "true" ]; then
  source "$DOLPHINSCHEDULER_HOME/bin/env/dolphinscheduler_env.sh"
fi

JAVA_OPTS=${JAVA_OPTS:-"-server -Duser.timezone=${SPRING_JACKSON_TIME_ZONE} -Xms1g -Xmx1g -Xmn512m -XX:+PrintGCDetails -Xloggc:gc.log -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=dump.hprof"}
STANDIN_HEAP_OPTS=${STANDIN_HEAP_OPTS:-"-Xms16m -Xmx64m -Xmn8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"}

CP=$DOLPHINSCHEDULER_HOME/tools/libs/*
for d in $DOLPHINSCHEDULER_HOME/api-server/libs/*.jar; do
  jar=$(basename $d)
  if [[ $jar != dolphinscheduler-* && $jar != spring-* ]]; then
    CP=$CP:$d
  fi
done

# Stand-in strictness: real 3.2.0 runs "$JAVA_HOME/bin/java" even when JAVA_HOME is unset, which then fails
# unless /bin/java happens to exist (it does on hosts with a distribution JDK on the PATH, like this test machine).
# The stand-in always fails in that case, so a deployment that forgets JAVA_HOME is caught everywhere.
if [ -z "$JAVA_HOME" ]; then
  echo "$0: line $LINENO: \$JAVA_HOME/bin/java: JAVA_HOME is not set: No such file or directory" >&2
  exit 127
fi

$JAVA_HOME/bin/java $JAVA_OPTS $STANDIN_HEAP_OPTS \
  -cp "$TOOLS_HOME/conf":"$TOOLS_HOME/sql":"$CP" \
  -Dspring.profiles.active=upgrade,${DATABASE} \
  org.apache.dolphinscheduler.tools.datasource.UpgradeDolphinScheduler
