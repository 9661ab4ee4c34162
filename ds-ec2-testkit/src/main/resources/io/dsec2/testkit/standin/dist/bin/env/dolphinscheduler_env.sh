#
# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/env/dolphinscheduler_env.sh. As in 3.2.0 it ships
# with no active exports: JAVA_HOME, DATABASE, SPRING_PROFILES_ACTIVE, SPRING_DATASOURCE_URL/USERNAME/PASSWORD,
# REGISTRY_TYPE, REGISTRY_ZOOKEEPER_CONNECT_STRING, SPRING_JACKSON_TIME_ZONE are left to the deployer.
# bin/dolphinscheduler-daemon.sh copies this file over <server>/conf/dolphinscheduler_env.sh on every start,
# so do not keep secrets here that a worker should not see.

# Tasks related configurations, needed by tasks such as spark or hadoop when they run on the worker:
# export HADOOP_CLASSPATH=`hadoop classpath`

# export SPARK_DIST_CLASSPATH=$HADOOP_CLASSPATH:$SPARK_DIST_CLASS_PATH:$HADOOP_CLASSPATH:${SPARK_HOME}/jars/*

# For appId.collect=aop (see common.properties), load the aspectj weaver as a java agent:
# export JAVA_TOOL_OPTIONS="-javaagent:realpath(libs/aspectjweaver-1.9.7.jar)"
