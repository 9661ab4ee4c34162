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
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's bin/env/install_env.sh, read by install.sh,
# scp-hosts.sh and the *-all.sh scripts.

# Hosts (IPs or resolvable names) of the whole cluster, comma separated.
ips=${ips:-"ds1,ds2,ds3,ds4,ds5"}

# SSH port, one for all hosts.
sshPort=${sshPort:-"22"}

# Master hosts, a subset of ips.
masters=${masters:-"ds1,ds2"}

# Worker hosts as host:group; the group part has no effect in 3.2.0 (groups live in the database).
workers=${workers:-"ds1:default,ds2:default,ds3:default,ds4:default,ds5:default"}

# The single alert server host.
alertServer=${alertServer:-"ds3"}

# Api server hosts.
apiServers=${apiServers:-"ds1"}

# Install directory on every host; it must also exist on the host running install.sh.
installPath=${installPath:-"/tmp/dolphinscheduler"}

# The user owning installPath; needs passwordless sudo.
deployUser=${deployUser:-"dolphinscheduler"}

# Registry root; must be "/" + registry.zookeeper.namespace.
zkRoot=${zkRoot:-"/dolphinscheduler"}
