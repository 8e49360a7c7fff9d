output "console_url" {
  description = "Where the console is served on this machine."
  value       = local.console_url
}

output "admin_email" {
  description = "Sign-in of the first admin."
  value       = var.admin_email
}

output "admin_password" {
  description = "Password of the first admin (terraform output -raw admin_password)."
  value       = random_password.admin.result
  sensitive   = true
}

output "webhook_token" {
  description = "Bearer token Alertmanager sends to Vigil's webhook (for curl tests)."
  value       = random_password.webhook_token.result
  sensitive   = true
}

output "kubeconfig_path" {
  description = "Kubeconfig of the lab cluster (kubectl --kubeconfig ...)."
  value       = kind_cluster.lab.kubeconfig_path
}

output "kubectl_context" {
  description = "kubectl context of the lab cluster."
  value       = "kind-${kind_cluster.lab.name}"
}
