# ci-staging-search-indexer-deploy (search-indexer/deploy)
path "kubernetes-aks-staging/creds/ci-search-indexer-deploy" {
  capabilities = ["update"]
}
