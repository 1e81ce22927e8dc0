using Thalian.Deployment.Tests.Configuration;

namespace Thalian.Deployment.Tests.Kubernetes;

public class ManifestConfigurationTests
{
    /// <summary>Point the collectors at emulators or relax endpoint checks: never in a cluster deployment.</summary>
    public static readonly string[] DemoOnlySettings =
        ["Thalian__Aws__EndpointOverride", "Thalian__Idp__AllowCustomEndpoints", "Thalian__Idp__TrustedCertificatePath"];

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_setting_a_deployment_passes_is_one_its_service_reads(string overlay)
    {
        var objects = Overlays.Render(overlay);
        foreach (var service in Overlays.ThalianServices)
        {
            var read = ConfigurationKeys.ReadBy(service);
            var container = objects.Named("Deployment", service).Containers().Single();
            var names = container.Items("env").Select(e => e.Text("name")!)
                .Concat(container.Items("envFrom").SelectMany(e => objects.Named("ConfigMap", e.Text("configMapRef", "name")!).Entries("data").Select(d => d.Key)))
                .ToList();
            Assert.Contains("ConnectionStrings__RabbitMq", names);
            var unread = names.Where(n => !read.Reads(ConfigurationKeys.FromEnvironmentName(n))).ToList();
            Assert.True(unread.Count == 0, $"{overlay} {service} is given settings it never reads: {string.Join(", ", unread)}");
            Assert.DoesNotContain(names, n => DemoOnlySettings.Contains(n));
        }
    }
}
