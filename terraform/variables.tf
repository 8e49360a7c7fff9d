variable "cluster_name" {
  description = "Name of the kind cluster (and of its kubectl context, kind-<name>)."
  type        = string
  default     = "vigil-lab"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,40}$", var.cluster_name))
    error_message = "cluster_name must be lowercase letters, digits and dashes (at most 41 characters)."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes version of the kind node image (kindest/node:<version>); 1.29 or newer for flowcontrol.apiserver.k8s.io/v1."
  type        = string
  default     = "v1.33.1"

  validation {
    condition     = can(regex("^v1\\.(29|[3-9][0-9])\\.[0-9]+$", var.kubernetes_version))
    error_message = "kubernetes_version must look like v1.33.1 and be 1.29 or newer."
  }
}

variable "workers" {
  description = "Worker nodes besides the control plane."
  type        = number
  default     = 1

  validation {
    condition     = var.workers >= 0 && var.workers <= 3 && floor(var.workers) == var.workers
    error_message = "workers must be a whole number from 0 to 3."
  }
}

variable "console_port" {
  description = "Port on 127.0.0.1 where the console is served (through ingress-nginx)."
  type        = number
  default     = 8080

  validation {
    condition     = var.console_port >= 1024 && var.console_port <= 65535
    error_message = "console_port must be an unprivileged port (1024-65535)."
  }
}

variable "vigil_image" {
  description = "Vigil's image as name:tag. With build_image, it is built from the repository and loaded into kind."
  type        = string
  default     = "vigil:dev"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9./-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*$", var.vigil_image))
    error_message = "vigil_image must be name:tag, e.g. vigil:dev or registry.example.com/vigil:0.1.0."
  }
}

variable "build_image" {
  description = "Build vigil_image from this repository with docker and load it into the kind cluster (needs docker and kind on PATH)."
  type        = bool
  default     = true
}

variable "ollama_model" {
  description = "Model Ollama pulls and Vigil asks for (small ones suit a CPU-only lab)."
  type        = string
  default     = "qwen2.5:1.5b"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._/-]*(:[a-z0-9._-]+)?$", var.ollama_model))
    error_message = "ollama_model must be an Ollama model name, e.g. llama3.1 or qwen2.5:1.5b."
  }
}

variable "admin_email" {
  description = "E-mail of the console's first admin (its password is generated: see the admin_password output)."
  type        = string
  default     = "admin@vigil.local"

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.admin_email))
    error_message = "admin_email must be an e-mail address."
  }
}

variable "chart_versions" {
  description = "Helm chart versions of the lab's components."
  type = object({
    kube_prometheus_stack = string
    kyverno               = string
    ingress_nginx         = string
    cloudnative_pg        = string
    postgres_cluster      = string
  })
  default = {
    kube_prometheus_stack = "77.12.0"
    kyverno               = "3.5.2"
    ingress_nginx         = "4.13.3"
    cloudnative_pg        = "0.26.0"
    postgres_cluster      = "0.3.1"
  }

  validation {
    condition     = alltrue([for v in values(var.chart_versions) : can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", v))])
    error_message = "chart_versions must be exact versions (x.y.z): the lab is pinned."
  }
}

variable "postgres_storage" {
  description = "Size of PostgreSQL's volume."
  type        = string
  default     = "5Gi"

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.postgres_storage))
    error_message = "postgres_storage must be a size such as 5Gi."
  }
}
