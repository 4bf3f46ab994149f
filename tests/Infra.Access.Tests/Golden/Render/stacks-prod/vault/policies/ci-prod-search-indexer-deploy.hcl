# ci-prod-search-indexer-deploy (search-indexer/deploy)
path "kubernetes-aks-prod/creds/ci-search-indexer-deploy" {
  capabilities = ["update"]
}
