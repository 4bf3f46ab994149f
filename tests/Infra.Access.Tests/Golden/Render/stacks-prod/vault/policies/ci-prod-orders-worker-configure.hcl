# ci-prod-orders-worker-configure (orders-worker/configure)
path "kubernetes-aks-prod/creds/ci-orders-worker-configure" {
  capabilities = ["update"]
}
