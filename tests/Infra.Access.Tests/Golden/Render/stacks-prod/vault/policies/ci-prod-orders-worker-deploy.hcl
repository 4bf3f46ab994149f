# ci-prod-orders-worker-deploy (orders-worker/deploy)
path "kubernetes-aks-prod/creds/ci-orders-worker-deploy" {
  capabilities = ["update"]
}
