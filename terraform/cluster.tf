# The kind cluster. The console reaches the host through ingress-nginx's NodePort, mapped to
# 127.0.0.1:<console_port>; nothing else is exposed.
locals {
  console_node_port = 30080
}

resource "kind_cluster" "lab" {
  name           = var.cluster_name
  node_image     = "kindest/node:${var.kubernetes_version}"
  wait_for_ready = true

  kind_config {
    kind        = "Cluster"
    api_version = "kind.x-k8s.io/v1alpha4"

    node {
      role = "control-plane"

      extra_port_mappings {
        container_port = local.console_node_port
        host_port      = var.console_port
        listen_address = "127.0.0.1"
        protocol       = "TCP"
      }
    }

    dynamic "node" {
      for_each = range(var.workers)
      content {
        role = "worker"
      }
    }
  }
}

# Vigil's image, built from this repository and side-loaded into the nodes (no registry).
resource "terraform_data" "vigil_image" {
  count            = var.build_image ? 1 : 0
  triggers_replace = [var.vigil_image, kind_cluster.lab.id]

  provisioner "local-exec" {
    working_dir = "${path.module}/.."
    command     = "docker build -t ${var.vigil_image} . && kind load docker-image ${var.vigil_image} --name ${kind_cluster.lab.name}"
  }
}
