#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's <server>/bin/start.sh: sources conf/dolphinscheduler_env.sh,
# reads JVM arguments from bin/jvm_args_env.sh (lines starting with -, after -server) unless JAVA_OPTS is set,
# and runs $JAVA_HOME/bin/java -cp conf:libs/* @MAIN_CLASS@.
#
# The one deliberate deviation: the stand-in appends STANDIN_HEAP_OPTS (default below) after those arguments, so
# that 30 simulated hosts fit on one machine; the JVM takes the last -Xms/-Xmx/-Xmn it sees.

BIN_DIR=$(dirname $0)
DOLPHINSCHEDULER_HOME=${DOLPHINSCHEDULER_HOME:-$(cd $BIN_DIR/..; pwd)}

source "$DOLPHINSCHEDULER_HOME/conf/dolphinscheduler_env.sh"

JVM_ARGS_ENV_FILE=${BIN_DIR}/jvm_args_env.sh
JVM_ARGS="-server"

if [ -f $JVM_ARGS_ENV_FILE ]; then
  while read line
  do
      if [[ "$line" == -* ]]; then
            JVM_ARGS="${JVM_ARGS} $line"
      fi
  done < $JVM_ARGS_ENV_FILE
fi

JAVA_OPTS=${JAVA_OPTS:-"${JVM_ARGS}"}

if [[ "$DOCKER" == "true" ]]; then
  JAVA_OPTS="${JAVA_OPTS} -XX:-UseContainerSupport"
fi

STANDIN_HEAP_OPTS=${STANDIN_HEAP_OPTS:-"-Xms16m -Xmx64m -Xmn8m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:CICompilerCount=1"}

# Stand-in strictness: real 3.2.0 runs "$JAVA_HOME/bin/java" even when JAVA_HOME is unset, which then fails
# unless /bin/java happens to exist (it does on hosts with a distribution JDK on the PATH, like this test machine).
# The stand-in always fails in that case, so a deployment that forgets JAVA_HOME is caught everywhere.
if [ -z "$JAVA_HOME" ]; then
  echo "$0: line $LINENO: \$JAVA_HOME/bin/java: JAVA_HOME is not set: No such file or directory" >&2
  exit 127
fi

$JAVA_HOME/bin/java $JAVA_OPTS $STANDIN_HEAP_OPTS \
  -cp "$DOLPHINSCHEDULER_HOME/conf":"$DOLPHINSCHEDULER_HOME/libs/*" \
  @MAIN_CLASS@
