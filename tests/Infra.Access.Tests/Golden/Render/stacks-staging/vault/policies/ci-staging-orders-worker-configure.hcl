# ci-staging-orders-worker-configure (orders-worker/configure)
path "kubernetes-aks-staging/creds/ci-orders-worker-configure" {
  capabilities = ["update"]
}
