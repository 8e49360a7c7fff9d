# Vigil from k8s/overlays/dev, as `kubectl apply -k` would install it, with the lab's image,
# model and console URL, its Secrets generated here, and an Ingress for the console.
locals {
  namespace   = "vigil"
  console_url = "http://localhost:${var.console_port}"
  image_parts = split(":", var.vigil_image)
  # Two roles (README, "Security"): `vigil` owns the tables and migrates (the init container
  # only); the server runs as `vigil_app`, which may read and append to the audit trail but
  # never rewrite it.
  database_owner_url = "postgresql://vigil:${random_password.database.result}@vigil-db-rw.${local.namespace}.svc:5432/vigil"
  database_url       = "postgresql://vigil_app:${random_password.database_runtime.result}@vigil-db-rw.${local.namespace}.svc:5432/vigil"
}

resource "random_password" "database" {
  length  = 32
  special = false
}

resource "random_password" "database_runtime" {
  length  = 32
  special = false
}

resource "random_password" "nextauth_secret" {
  length  = 48
  special = false
}

resource "random_password" "webhook_token" {
  length  = 48
  special = false
}

resource "random_password" "admin" {
  length  = 24
  special = false
}

data "kustomization_overlay" "vigil" {
  resources = ["${path.module}/../k8s/overlays/dev"]

  images {
    name     = "vigil"
    new_name = local.image_parts[0]
    new_tag  = local.image_parts[1]
  }

  config_map_generator {
    name      = "vigil-config"
    namespace = local.namespace
    behavior  = "merge"
    literals = [
      "OLLAMA_MODEL=${var.ollama_model}",
      "NEXTAUTH_URL=${local.console_url}",
      "VIGIL_PUBLIC_URL=${local.console_url}",
    ]
  }

  patches {
    target {
      kind = "Job"
      name = "ollama-pull-model"
    }
    patch = jsonencode([{
      op    = "replace"
      path  = "/spec/template/spec/containers/0/env/0"
      value = { name = "OLLAMA_MODEL", value = var.ollama_model }
    }])
  }
}

# The provider's three waves: namespaces (and CRDs) first, then everything else (the
# Kyverno policy and the prometheus-operator resources need the charts' CRDs: see
# depends_on), then admission webhooks, if any.
resource "kustomization_resource" "vigil_first" {
  for_each = data.kustomization_overlay.vigil.ids_prio[0]
  manifest = data.kustomization_overlay.vigil.manifests[each.value]
}

resource "kubernetes_secret_v1" "database" {
  metadata {
    name      = "vigil-db-credentials"
    namespace = local.namespace
  }
  type = "kubernetes.io/basic-auth"
  data = {
    username = "vigil"
    password = random_password.database.result
  }
  depends_on = [kustomization_resource.vigil_first]
}

# The server's runtime role, created by CloudNativePG (platform.tf, managed roles).
resource "kubernetes_secret_v1" "database_runtime" {
  metadata {
    name      = "vigil-db-runtime-credentials"
    namespace = local.namespace
  }
  type = "kubernetes.io/basic-auth"
  data = {
    username = "vigil_app"
    password = random_password.database_runtime.result
  }
  depends_on = [kustomization_resource.vigil_first]
}

resource "kubernetes_secret_v1" "vigil" {
  metadata {
    name      = "vigil"
    namespace = local.namespace
  }
  data = {
    DATABASE_URL         = local.database_url
    DATABASE_OWNER_URL   = local.database_owner_url
    NEXTAUTH_SECRET      = random_password.nextauth_secret.result
    VIGIL_ADMIN_EMAIL    = var.admin_email
    VIGIL_ADMIN_PASSWORD = random_password.admin.result
  }
  depends_on = [kustomization_resource.vigil_first]
}

# Read by Vigil (VIGIL_WEBHOOK_TOKEN) and by Alertmanager (the AlertmanagerConfig).
resource "kubernetes_secret_v1" "webhook" {
  metadata {
    name      = "vigil-webhook"
    namespace = local.namespace
  }
  data = {
    token = random_password.webhook_token.result
  }
  depends_on = [kustomization_resource.vigil_first]
}

resource "kustomization_resource" "vigil" {
  for_each = data.kustomization_overlay.vigil.ids_prio[1]
  manifest = data.kustomization_overlay.vigil.manifests[each.value]
  wait     = true

  timeouts {
    create = "15m"
    update = "15m"
  }

  depends_on = [
    kubernetes_secret_v1.vigil,
    kubernetes_secret_v1.webhook,
    helm_release.postgres,
    helm_release.kube_prometheus_stack,
    helm_release.kyverno,
    terraform_data.vigil_image,
  ]
}

resource "kustomization_resource" "vigil_last" {
  for_each   = data.kustomization_overlay.vigil.ids_prio[2]
  manifest   = data.kustomization_overlay.vigil.manifests[each.value]
  depends_on = [kustomization_resource.vigil]
}

resource "kubernetes_ingress_v1" "console" {
  metadata {
    name      = "vigil"
    namespace = local.namespace
    annotations = {
      # The live investigation is a Server-Sent Events stream.
      "nginx.ingress.kubernetes.io/proxy-buffering"    = "off"
      "nginx.ingress.kubernetes.io/proxy-read-timeout" = "3600"
    }
  }

  spec {
    ingress_class_name = "nginx"
    default_backend {
      service {
        name = "vigil"
        port {
          name = "http"
        }
      }
    }
  }

  depends_on = [helm_release.ingress_nginx, kustomization_resource.vigil]
}
