# ci-prod-web-deploy (web/deploy)
path "kubernetes-test/creds/ci-web-deploy" {
  capabilities = ["update"]
}
path "kv-test/data/web" {
  capabilities = ["read"]
}
