using Thalian.Deployment.Tests.Configuration;
using Thalian.Deployment.Tests.Kubernetes;

namespace Thalian.Deployment.Tests.Compose;

public class ComposeTests
{
    [Fact]
    public void Compose_runs_the_infrastructure_the_five_services_and_the_demo_emulators()
    {
        Assert.Equal(
            ComposeFile.Infrastructure.Concat(Overlays.ThalianServices).Concat(ComposeFile.Emulators).Concat(ComposeFile.Setup).Order(),
            ComposeFile.Services.Select(s => s.Key).Order());
        Assert.Equal("rabbitmq:3-management", ComposeFile.Service("rabbitmq").Text("image"));
    }

    [Fact]
    public void Every_service_has_a_healthcheck_and_the_services_ask_their_readiness_endpoint()
    {
        Assert.All(ComposeFile.Services, s =>
        {
            var test = s.Value.Items("healthcheck", "test").Select(t => t.Text()).ToList();
            Assert.True(test.Count >= 2 && test[0] is "CMD" or "CMD-SHELL", $"{s.Key}: no healthcheck");
            Assert.NotEqual("true", s.Value.Text("healthcheck", "disable"));
        });
        Assert.All(Overlays.ThalianServices, s =>
            Assert.Contains("/health/ready", string.Join(' ', ComposeFile.Service(s).Items("healthcheck", "test").Select(t => t.Text())), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_service_waits_for_healthy_postgres_and_rabbitmq()
    {
        Assert.All(Overlays.ThalianServices, s =>
        {
            foreach (var infrastructure in ComposeFile.Infrastructure)
            {
                Assert.Equal("service_healthy", ComposeFile.Service(s).Text("depends_on", infrastructure, "condition"));
            }
        });
    }

    [Fact]
    public void Only_the_gateway_is_published_beyond_the_loopback_interface_on_one_port()
    {
        var published = ComposeFile.Services.SelectMany(s => s.Value.Items("ports").Select(p => (Service: s.Key, Port: p.Text() ?? ""))).ToList();
        var open = published.Where(p => !p.Port.StartsWith("127.0.0.1:", StringComparison.Ordinal)).ToList();
        var gateway = Assert.Single(open);
        Assert.Equal("gateway", gateway.Service);
        Assert.EndsWith(":8080", gateway.Port, StringComparison.Ordinal);
        Assert.All(published.Where(p => p.Service != "gateway"), p => Assert.Contains(p.Service, ComposeFile.Infrastructure));
    }

    [Fact]
    public void The_services_run_read_only_without_capabilities_or_new_privileges()
    {
        Assert.All(Overlays.ThalianServices.Concat(ComposeFile.Emulators), s =>
        {
            var service = ComposeFile.Service(s);
            Assert.Equal("true", service.Text("read_only"));
            Assert.Contains("/tmp", service.Items("tmpfs").Select(t => t.Text()));
            Assert.Contains("ALL", service.Items("cap_drop").Select(t => t.Text()));
            Assert.Contains("no-new-privileges:true", service.Items("security_opt").Select(t => t.Text()));
        });
    }

    [Fact]
    public void Every_environment_variable_a_service_gets_is_one_it_reads()
    {
        Assert.All(Overlays.ThalianServices, s =>
        {
            var read = ConfigurationKeys.ReadBy(s);
            var unread = ComposeFile.Environment(s).Select(e => e.Key).Where(k => !read.Reads(ConfigurationKeys.FromEnvironmentName(k))).ToList();
            Assert.True(unread.Count == 0, $"{s} is given settings it never reads: {string.Join(", ", unread)}");
            Assert.Empty(ComposeFile.Service(s).Items("env_file"));
        });
    }

    [Fact]
    public void Credentials_come_from_the_environment_and_the_token_keys_from_compose_secrets()
    {
        Assert.All(Overlays.ThalianServices, s =>
        {
            var environment = ComposeFile.Environment(s).ToDictionary(e => e.Key, e => e.Value);
            var secrets = ComposeFile.Service(s).Items("secrets").Select(t => t.Text() ?? t.Text("source")).ToList();
            Assert.Equal("/run/secrets/token-public-keys", environment["Thalian__Internal__TokenPublicKeysFile"]);
            Assert.Contains("token-public-keys", secrets);
            Assert.Equal(s == "gateway", secrets.Contains("token-signing-key"));
            Assert.Equal(s == "gateway", environment.ContainsKey("Thalian__Internal__TokenSigningKeyFile"));
            Assert.Contains($"Username=thalian_{s.Replace('-', '_')};Password=${{THALIAN_DB_PASSWORD_", environment["ConnectionStrings__Postgres"], StringComparison.Ordinal);
            Assert.Equal("service_completed_successfully", ComposeFile.Service(s).Text("depends_on", "db-roles", "condition"));
            Assert.Contains(":${THALIAN_RABBITMQ_PASSWORD", environment["ConnectionStrings__RabbitMq"], StringComparison.Ordinal);
        });
        Assert.Contains(".env", Repository.Read(".gitignore").Split('\n').Select(l => l.Trim()));
        Assert.Contains(".secrets/", Repository.Read(".gitignore").Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void The_demo_profile_adds_the_emulators_with_the_demo_scenarios_mounted()
    {
        foreach (var (emulator, scenario) in new[] { ("aws-emulator", "aws-scenario.json"), ("idp-emulator", "idp-scenario.json") })
        {
            var service = ComposeFile.Service(emulator);
            Assert.Equal(["demo"], service.Items("profiles").Select(p => p.Text()));
            var mount = Assert.Single(service.Items("volumes").Select(v => v.Text()!), v => v.StartsWith($"./deploy/demo/{scenario}:", StringComparison.Ordinal));
            Assert.EndsWith(":ro", mount, StringComparison.Ordinal);
            var command = service.Items("command").Select(c => c.Text()).ToList();
            Assert.Equal(mount.Split(':')[1], command[command.IndexOf("--scenario") + 1]);
        }
        Assert.All(ComposeFile.Infrastructure.Concat(Overlays.ThalianServices), s => Assert.Empty(ComposeFile.Service(s).Items("profiles")));
    }

    [Fact]
    public void Demo_only_settings_have_no_committed_value_and_pass_through_only_when_set()
    {
        var demoSettings = Overlays.ThalianServices.SelectMany(ComposeFile.Environment)
            .Where(e => ManifestConfigurationTests.DemoOnlySettings.Contains(e.Key)).ToList();
        Assert.Equal(ManifestConfigurationTests.DemoOnlySettings.Order(), demoSettings.Select(e => e.Key).Order());
        Assert.All(demoSettings, e => Assert.Null(e.Value));
    }

    [Fact]
    public void Every_image_is_built_from_a_dockerfile_in_the_repository()
    {
        Assert.All(Overlays.ThalianServices.Concat(ComposeFile.Emulators), s =>
        {
            var service = ComposeFile.Service(s);
            Assert.Equal(".", service.Text("build", "context"));
            Assert.True(File.Exists(Repository.PathOf(service.Text("build", "dockerfile")!)), $"{s}: Dockerfile missing");
        });
    }

    [Fact]
    public void The_infrastructure_services_infra_up_starts_exist()
    {
        var started = System.Text.RegularExpressions.Regex.Matches(Repository.Read("scripts/infra-up.sh"), @"docker compose up -d --wait (\w+)")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ComposeFile.Infrastructure.Order(), started.Order());
    }

    [Fact]
    public void Compose_and_the_manifests_run_the_same_images()
    {
        var rendered = Overlays.Render("dev");
        Assert.All(Overlays.ThalianServices, s =>
        {
            var composeImage = ComposeFile.Service(s).Text("image")!;
            var manifestImage = rendered.Named("Deployment", s).Containers().Single().Text("image")!;
            Assert.Equal(composeImage.Split(':')[0], manifestImage.Split(':')[0]);
        });
    }
}
