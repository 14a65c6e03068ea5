#!/bin/sh
# Creates the cell's vhost and the services' user on a RabbitMQ host; idempotent.
set -eu
. /etc/okki/rabbitmq.env
rabbitmqctl await_startup
rabbitmqctl delete_user guest 2>/dev/null || true
rabbitmqctl add_vhost "$OKKI_BUS_VHOST" 2>/dev/null || true
rabbitmqctl add_user "$OKKI_BUS_USER" "$OKKI_BUS_PASSWORD" 2>/dev/null \
  || rabbitmqctl change_password "$OKKI_BUS_USER" "$OKKI_BUS_PASSWORD"
rabbitmqctl set_permissions -p "$OKKI_BUS_VHOST" "$OKKI_BUS_USER" ".*" ".*" ".*"
