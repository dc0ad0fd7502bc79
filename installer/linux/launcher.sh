#!/bin/sh
# Installed as /usr/bin/@NAME@: runs the bundle in /opt/localitydesk.
exec /opt/localitydesk/@NAME@ "$@"
