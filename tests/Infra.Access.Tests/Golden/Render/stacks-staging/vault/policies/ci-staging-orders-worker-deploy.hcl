# ci-staging-orders-worker-deploy (orders-worker/deploy)
path "kubernetes-aks-staging/creds/ci-orders-worker-deploy" {
  capabilities = ["update"]
}
