# What Vigil works with: Prometheus and Alertmanager (kube-prometheus-stack), Kyverno,
# ingress-nginx, and PostgreSQL (CloudNativePG).

resource "helm_release" "kube_prometheus_stack" {
  name             = "kube-prometheus-stack"
  repository       = "https://prometheus-community.github.io/helm-charts"
  chart            = "kube-prometheus-stack"
  version          = var.chart_versions.kube_prometheus_stack
  namespace        = "monitoring"
  create_namespace = true
  timeout          = 900

  values = [yamlencode({
    grafana = { enabled = false }
    alertmanager = {
      alertmanagerSpec = {
        # Pick up Vigil's AlertmanagerConfig, and route alerts from every namespace to it.
        alertmanagerConfigSelector          = {}
        alertmanagerConfigNamespaceSelector = {}
        alertmanagerConfigMatcherStrategy   = { type = "None" }
      }
    }
    prometheus = {
      prometheusSpec = {
        # Load PrometheusRules from every namespace (Vigil's example rules included).
        ruleSelectorNilUsesHelmValues = false
        ruleNamespaceSelector         = {}
        retention                     = "2d"
      }
    }
  })]
}

resource "helm_release" "kyverno" {
  name             = "kyverno"
  repository       = "https://kyverno.github.io/kyverno/"
  chart            = "kyverno"
  version          = var.chart_versions.kyverno
  namespace        = "kyverno"
  create_namespace = true
  timeout          = 600
}

resource "helm_release" "ingress_nginx" {
  name             = "ingress-nginx"
  repository       = "https://kubernetes.github.io/ingress-nginx"
  chart            = "ingress-nginx"
  version          = var.chart_versions.ingress_nginx
  namespace        = "ingress-nginx"
  create_namespace = true

  values = [yamlencode({
    controller = {
      service = {
        type      = "NodePort"
        nodePorts = { http = local.console_node_port }
      }
      # One controller on the control-plane node, where the port mapping is.
      nodeSelector = { "kubernetes.io/os" = "linux", "node-role.kubernetes.io/control-plane" = "" }
      tolerations  = [{ key = "node-role.kubernetes.io/control-plane", operator = "Exists", effect = "NoSchedule" }]
    }
  })]
}

resource "helm_release" "cloudnative_pg" {
  name             = "cloudnative-pg"
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  version          = var.chart_versions.cloudnative_pg
  namespace        = "cnpg-system"
  create_namespace = true
}

# Vigil's database: one instance, database and owner `vigil`, the server's runtime role
# `vigil_app` (granted by the migration, lib/db/roles.ts), passwords from Terraform. Its
# pods carry cnpg.io/cluster=vigil-db, which Vigil's NetworkPolicy allows.
resource "helm_release" "postgres" {
  name       = "vigil-db"
  repository = "https://cloudnative-pg.github.io/charts"
  chart      = "cluster"
  version    = var.chart_versions.postgres_cluster
  namespace  = local.namespace

  values = [yamlencode({
    fullnameOverride = "vigil-db"
    type             = "postgresql"
    mode             = "standalone"
    cluster = {
      instances = 1
      storage   = { size = var.postgres_storage }
      initdb = {
        database = "vigil"
        owner    = "vigil"
        secret   = { name = kubernetes_secret_v1.database.metadata[0].name }
      }
      roles = [{
        name           = "vigil_app"
        ensure         = "present"
        login          = true
        passwordSecret = { name = kubernetes_secret_v1.database_runtime.metadata[0].name }
      }]
    }
  })]

  depends_on = [helm_release.cloudnative_pg, kustomization_resource.vigil_first]
}
