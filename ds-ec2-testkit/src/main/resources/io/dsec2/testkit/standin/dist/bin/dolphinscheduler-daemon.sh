#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/dolphinscheduler-daemon.sh (same verbs, files and
# timing: start copies bin/env/dolphinscheduler_env.sh over <server>/conf/, runs <server>/bin/start.sh with nohup
# from the server dir and writes the wrapper bash pid to <server>/pid; status looks for a bash process with that
# pid; stop signals the children of that pid, waits STOP_TIMEOUT=5 s, and its "force" step is the same
# `pkill -P -9 <pid>` as in 3.2.0: procps-ng's pkill reads the -9 as the signal wherever it appears, so a server
# still running after 5 s is SIGKILLed (checked with procps-ng 4.0.2; pgrep, which has no signal option, would
# instead read -9 as the parent pid and match nothing).

usage="Usage: dolphinscheduler-daemon.sh (start|stop|status) <api-server|master-server|worker-server|alert-server|standalone-server> "

if [ $# -le 1 ]; then
  echo $usage
  exit 1
fi

startStop=$1
shift
command=$1
shift

echo "Begin $startStop $command......"

BIN_DIR=$(dirname $0)
BIN_DIR=$(cd "$BIN_DIR"; pwd)
DOLPHINSCHEDULER_HOME=$(cd "$BIN_DIR/.."; pwd)
BIN_ENV_FILE="${DOLPHINSCHEDULER_HOME}/bin/env/dolphinscheduler_env.sh"

# The shared env file replaces the server's copy on every start.
function overwrite_server_env() {
  local server=$1
  local server_env_file="${DOLPHINSCHEDULER_HOME}/${server}/conf/dolphinscheduler_env.sh"
  if [ -f "${BIN_ENV_FILE}" ]; then
    echo "Overwrite ${server}/conf/dolphinscheduler_env.sh using bin/env/dolphinscheduler_env.sh."
    cp "${BIN_ENV_FILE}" "${server_env_file}"
  else
    echo "Start server ${server} using env config path ${server_env_file}, because file ${BIN_ENV_FILE} not exists."
  fi
}

source "${BIN_ENV_FILE}"

export HOSTNAME=$(hostname)
export DOLPHINSCHEDULER_LOG_DIR=$DOLPHINSCHEDULER_HOME/$command/logs
export STOP_TIMEOUT=5

case "$command" in
  api-server|master-server|worker-server|alert-server|standalone-server) ;;
  *)
    echo "Error: No command named '$command' was found."
    exit 1
    ;;
esac

if [ ! -d "$DOLPHINSCHEDULER_LOG_DIR" ]; then
  mkdir $DOLPHINSCHEDULER_LOG_DIR
fi

log=$DOLPHINSCHEDULER_LOG_DIR/$command-$HOSTNAME.out
pid=$DOLPHINSCHEDULER_HOME/$command/pid

cd $DOLPHINSCHEDULER_HOME/$command

state=""
function get_server_running_status() {
  state="STOP"
  if [ -f $pid ]; then
    TARGET_PID=$(cat $pid)
    if [[ $(ps -p "$TARGET_PID" -o comm=) =~ "bash" ]]; then
      state="RUNNING"
    fi
  fi
}

case $startStop in
  (start)
    get_server_running_status
    if [[ $state == "RUNNING" ]]; then
      echo "$command running as process $TARGET_PID.  Stop it first."
      exit 1
    fi
    echo starting $command, logging to $DOLPHINSCHEDULER_LOG_DIR
    overwrite_server_env "${command}"
    nohup /bin/bash "$DOLPHINSCHEDULER_HOME/$command/bin/start.sh" > $log 2>&1 &
    echo $! > $pid
    ;;

  (stop)
    if [ -f $pid ]; then
      TARGET_PID=$(cat $pid)
      if kill -0 $TARGET_PID > /dev/null 2>&1; then
        echo stopping $command
        pkill -P $TARGET_PID
        sleep $STOP_TIMEOUT
        if kill -0 $TARGET_PID > /dev/null 2>&1; then
          echo "$command did not stop gracefully after $STOP_TIMEOUT seconds: killing with kill -9"
          pkill -P -9 $TARGET_PID
        fi
      else
        echo no $command to stop
      fi
      rm -f $pid
    else
      echo no $command to stop
    fi
    ;;

  (status)
    get_server_running_status
    if [[ $state == "STOP" ]]; then
      state="[ \033[1;31m $state \033[0m ]"
    else
      state="[ \033[1;32m $state \033[0m ]"
    fi
    echo -e "$command  $state"
    ;;

  (*)
    echo $usage
    exit 1
    ;;
esac

echo "End $startStop $command."
