# ci-test-shop-release (shop/release)
path "kubernetes-test/creds/ci-shop-release" {
  capabilities = ["update"]
}
path "kv-test/data/shop/api" {
  capabilities = ["read"]
}
path "kv-test/data/shop/batch" {
  capabilities = ["read"]
}
