#!/bin/bash
# ds-ec2-testkit stand-in of DolphinScheduler 3.2.0's tools/bin/migrate-resource.sh: present for the layout only.
echo "migrate-resource.sh is not simulated by the ds-ec2 stand-in" >&2
exit 1
