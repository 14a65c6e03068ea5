#!/bin/sh
# Mutual-TLS material of a service host, local-CA path (infra/README.md, "Mutual TLS"); idempotent.
# `okki-service pki` creates this host's CA for the cell and every workload certificate in
# /etc/okki/pki; each service then gets /etc/okki/tls/<service> with only the CA certificate and
# its own certificate and key, mounted read-only at OKKI_TLS_DIR. The CA key is never mounted
# into a service. Workload certificates are valid for 30 days and re-issued on every run:
# `systemctl restart okki-pki.service` renews them and restarts the servers and consumers.
set -eu
. /etc/okki/host.env              # OKKI_CELL, OKKI_IMAGE
CA_DIR=/etc/okki/pki
HOST_TLS_DIR=/etc/okki/tls
TLS_DIR=/var/lib/okki/tls         # OKKI_TLS_DIR in the containers
SERVICE_USER=okki                 # the image's user (same uid, deploy/cloud-init.yaml)

install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$CA_DIR"
# Keep the CA (ca.pem, ca.key); issue every workload certificate afresh.
find "$CA_DIR" -maxdepth 1 -type f ! -name 'ca.*' -delete
docker rm --force okki-pki >/dev/null 2>&1 || true
docker run --rm --name okki-pki --network none \
  --env OKKI_TLS_DIR="$TLS_DIR" --volume "$CA_DIR:$TLS_DIR" \
  "$OKKI_IMAGE" pki --cell "$OKKI_CELL"

install -d -m 0755 -o root -g root "$HOST_TLS_DIR"
for env in /etc/okki/services/*.env; do
  service=$(basename "$env" .env)
  dir="$HOST_TLS_DIR/$service"
  install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$dir"
  install -m 0644 -o "$SERVICE_USER" -g "$SERVICE_USER" "$CA_DIR/ca.pem" "$dir/ca.pem"
  install -m 0644 -o "$SERVICE_USER" -g "$SERVICE_USER" "$CA_DIR/$service.pem" "$dir/$service.pem"
  install -m 0600 -o "$SERVICE_USER" -g "$SERVICE_USER" "$CA_DIR/$service.key" "$dir/$service.key"
done
