using YamlDotNet.RepresentationModel;

namespace Thalian.Deployment.Tests.Kubernetes;

public class NetworkPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Everything_is_denied_unless_a_policy_allows_it(string overlay)
    {
        var deny = Overlays.Render(overlay).Named("NetworkPolicy", "default-deny-all");
        Assert.Empty(deny.Entries("spec", "podSelector"));
        Assert.Equal(["Egress", "Ingress"], deny.Items("spec", "policyTypes").Select(t => t.Text()!).Order());
        Assert.Empty(deny.Items("spec", "ingress"));
        Assert.Empty(deny.Items("spec", "egress"));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Only_the_gateway_accepts_traffic_from_anywhere_and_services_only_from_the_gateway(string overlay)
    {
        var policies = Overlays.Render(overlay).OfKind("NetworkPolicy").ToList();
        var openIngress = policies.Where(p => p.Items("spec", "ingress").Any(rule => rule.Items("from").Count == 0)).ToList();
        Assert.Equal(["gateway"], openIngress.Select(p => p.Text("spec", "podSelector", "matchLabels", "app.kubernetes.io/name")));

        var backend = policies.Single(p => p.Text("spec", "podSelector", "matchLabels", "app.kubernetes.io/component") == "backend");
        var sources = backend.Items("spec", "ingress").SelectMany(r => r.Items("from")).ToList();
        Assert.Equal(["gateway"], sources.Select(s => s.Text("podSelector", "matchLabels", "app.kubernetes.io/name")));
        foreach (var service in Overlays.ThalianServices.Where(s => s != "gateway"))
        {
            Assert.Equal("backend", Overlays.Render(overlay).Named("Deployment", service)
                .Text("spec", "template", "metadata", "labels", "app.kubernetes.io/component"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Only_collectors_and_delivery_reach_the_internet_and_never_the_metadata_service(string overlay)
    {
        var policies = Overlays.Render(overlay).OfKind("NetworkPolicy").ToList();
        var internet = policies.Where(p => p.Items("spec", "egress").SelectMany(r => r.Items("to"))
            .Any(to => to.Text("ipBlock", "cidr") == "0.0.0.0/0")).ToList();
        Assert.Equal(2, internet.Count);
        var collectors = internet.Single(p => Selected(p).Contains("aws-collector"));
        Assert.Equal(["aws-collector", "idp-collector"], Selected(collectors).Order());
        Assert.All(collectors.Items("spec", "egress").SelectMany(r => r.Items("ports")), p => Assert.Equal("443", p.Text("port")));
        // Delivery: HTTPS, Splunk HEC and syslog over TLS to the destinations tenants configure.
        var delivery = internet.Single(p => Selected(p).Contains("delivery"));
        Assert.Equal(["delivery"], Selected(delivery));
        Assert.Equal(["443", "6514", "8088"], delivery.Items("spec", "egress").SelectMany(r => r.Items("ports")).Select(p => p.Text("port")).Order());
        foreach (var policy in internet)
        {
            var block = policy.Items("spec", "egress").SelectMany(r => r.Items("to")).Single().At("ipBlock");
            Assert.Contains("169.254.0.0/16", block.Items("except").Select(e => e.Text()));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_service_may_resolve_names_and_reach_postgres_and_rabbitmq(string overlay)
    {
        var policies = Overlays.Render(overlay).OfKind("NetworkPolicy").ToList();
        Assert.Contains(policies, p => p.Entries("spec", "podSelector").Count == 0
            && p.Items("spec", "egress").SelectMany(r => r.Items("ports")).Any(port => port.Text("port") == "53"));
        var datastores = policies.Named("NetworkPolicy", "services-egress-to-datastores");
        Assert.Equal(Overlays.ThalianServices.Order(), Selected(datastores).Order());
        var ports = datastores.Items("spec", "egress").SelectMany(r => r.Items("ports")).Select(p => p.Text("port")).ToList();
        Assert.Contains("5432", ports);
        Assert.Contains("5672", ports);
    }

    private static IEnumerable<string> Selected(YamlNode policy) =>
        policy.Items("spec", "podSelector", "matchExpressions").Single(e => e.Text("key") == "app.kubernetes.io/name")
            .Items("values").Select(v => v.Text()!);
}
