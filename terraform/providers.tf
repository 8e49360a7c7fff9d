# Every provider talks to the kind cluster this configuration creates. On a first apply,
# create the cluster alone (terraform apply -target=kind_cluster.lab), then apply the rest:
# providers cannot be configured from a cluster that does not exist yet.
provider "kind" {}

provider "kubernetes" {
  host                   = kind_cluster.lab.endpoint
  client_certificate     = kind_cluster.lab.client_certificate
  client_key             = kind_cluster.lab.client_key
  cluster_ca_certificate = kind_cluster.lab.cluster_ca_certificate
}

provider "helm" {
  kubernetes = {
    host                   = kind_cluster.lab.endpoint
    client_certificate     = kind_cluster.lab.client_certificate
    client_key             = kind_cluster.lab.client_key
    cluster_ca_certificate = kind_cluster.lab.cluster_ca_certificate
  }
}

provider "kustomization" {
  kubeconfig_raw = kind_cluster.lab.kubeconfig
}

provider "random" {}
