# ci-test-search-deploy (search/deploy)
path "kubernetes-test/creds/ci-search-deploy" {
  capabilities = ["update"]
}
path "kv-test/data/search" {
  capabilities = ["read"]
}
