using YamlDotNet.RepresentationModel;

namespace Thalian.Deployment.Tests.Kubernetes;

public class SecurityPostureTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_runs_non_root_with_the_runtime_default_seccomp_profile_and_no_api_token(string overlay)
    {
        Assert.All(Overlays.Render(overlay).Workloads(), workload =>
        {
            var pod = workload.At("spec", "template", "spec");
            Assert.Equal("true", pod.Text("securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", pod.Text("securityContext", "runAsUser"));
            Assert.Equal("RuntimeDefault", pod.Text("securityContext", "seccompProfile", "type"));
            Assert.Equal("false", pod.Text("automountServiceAccountToken"));
            Assert.Null(pod.At("hostNetwork") ?? pod.At("hostPID") ?? pod.At("hostIPC"));
        });
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_container_is_locked_down_limited_and_probed(string overlay)
    {
        var containers = Overlays.Render(overlay).Workloads().SelectMany(w => w.Containers().Select(c => (w.Name(), c))).ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, entry =>
        {
            var (workload, container) = entry;
            var context = $"{workload} container {container.Text("name")}";
            Assert.True(container.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{context}: privilege escalation");
            Assert.True(container.Text("securityContext", "readOnlyRootFilesystem") == "true", $"{context}: writable root fs");
            Assert.True(container.Items("securityContext", "capabilities", "drop").Any(c => c.Text() == "ALL"), $"{context}: capabilities");
            Assert.Empty(container.Items("securityContext", "capabilities", "add"));
            Assert.NotEqual("true", container.Text("securityContext", "privileged"));
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(container.Text("resources", "limits", resource) is not null, $"{context}: no {resource} limit");
                Assert.True(container.Text("resources", "requests", resource) is not null, $"{context}: no {resource} request");
            }
            Assert.True(container.At("livenessProbe") is YamlMappingNode, $"{context}: no liveness probe");
            Assert.True(container.At("readinessProbe") is YamlMappingNode, $"{context}: no readiness probe");
        });
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Services_probe_their_health_endpoints_and_write_only_to_an_empty_dir_tmp(string overlay)
    {
        var objects = Overlays.Render(overlay);
        foreach (var service in Overlays.ThalianServices)
        {
            var deployment = objects.Named("Deployment", service);
            var container = deployment.Containers().Single();
            Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
            Assert.Equal("8080", container.Items("ports").Single().Text("containerPort"));
            var tmp = container.Items("volumeMounts").Single(m => m.Text("mountPath") == "/tmp").Text("name");
            var volume = deployment.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == tmp);
            Assert.NotNull(volume.At("emptyDir"));
            Assert.Equal(service, deployment.Text("spec", "template", "spec", "serviceAccountName"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void No_secret_is_committed_and_credentials_come_only_from_secret_references(string overlay)
    {
        var objects = Overlays.Render(overlay);
        Assert.Empty(objects.OfKind("Secret"));
        var literalValues = objects.Workloads().SelectMany(w => w.Containers()).SelectMany(c => c.Items("env"))
            .Where(e => e.Text("value") is not null)
            .Select(e => (Key: e.Text("name")!, Value: e.Text("value")!))
            .Concat(objects.OfKind("ConfigMap").SelectMany(c => c.Entries("data").Select(d => (d.Key, Value: d.Value.Text() ?? ""))))
            .ToList();
        Assert.NotEmpty(literalValues);
        Assert.All(literalValues, e => Assert.False(Credentials.LooksLikeCredential(e.Key, e.Value), $"{e.Key} carries a literal credential"));
        foreach (var service in Overlays.ThalianServices)
        {
            var env = objects.Named("Deployment", service).Containers().Single().Items("env");
            foreach (var name in new[] { "ConnectionStrings__Postgres", "ConnectionStrings__RabbitMq" })
            {
                Assert.Equal("thalian-secrets", env.Single(e => e.Text("name") == name).Text("valueFrom", "secretKeyRef", "name"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_service_mounts_the_token_public_keys_and_only_the_gateway_the_signing_key(string overlay)
    {
        var objects = Overlays.Render(overlay);
        foreach (var service in Overlays.ThalianServices)
        {
            var deployment = objects.Named("Deployment", service);
            var secrets = deployment.Items("spec", "template", "spec", "volumes")
                .Where(v => v.Text("secret", "secretName") is not null).ToDictionary(v => v.Text("secret", "secretName")!, v => v.Text("name")!);
            var container = deployment.Containers().Single();
            var mounts = container.Items("volumeMounts").ToDictionary(m => m.Text("name")!, m => m.Text("mountPath")!);
            var env = container.Items("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"));
            Assert.StartsWith(mounts[secrets["thalian-token-public-keys"]] + "/", env["Thalian__Internal__TokenPublicKeysFile"], StringComparison.Ordinal);
            if (service == "gateway")
            {
                Assert.StartsWith(mounts[secrets["thalian-token-signing-key"]] + "/", env["Thalian__Internal__TokenSigningKeyFile"], StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain("thalian-token-signing-key", secrets.Keys);
                Assert.DoesNotContain("Thalian__Internal__TokenSigningKeyFile", env.Keys);
            }
        }
    }

    [Theory]
    [InlineData("ConnectionStrings__Postgres", "Host=db;Username=u;Password=hunter2", true)]
    [InlineData("ConnectionStrings__RabbitMq", "amqp://user:hunter2@rabbitmq:5672/", true)]
    [InlineData("POSTGRES_PASSWORD", "hunter2", true)]
    [InlineData("Thalian__Internal__TokenSigningKeyFile", "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5mq", true)]
    [InlineData("Thalian__Internal__TokenSigningKeyFile", "/etc/thalian/token-signing-key/signing-key.pem", false)]
    [InlineData("OTEL_SERVICE_NAME", "gateway", false)]
    [InlineData("ReverseProxy__Clusters__findings__Destinations__primary__Address", "http://findings:8080/", false)]
    public void The_credential_check_tells_credentials_from_settings(string key, string value, bool expected) =>
        Assert.Equal(expected, Credentials.LooksLikeCredential(key, value));
}
