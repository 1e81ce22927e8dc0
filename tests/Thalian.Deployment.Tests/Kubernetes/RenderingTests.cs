namespace Thalian.Deployment.Tests.Kubernetes;

public class RenderingTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_overlay_renders_every_service_with_its_companions(string overlay)
    {
        var objects = Overlays.Render(overlay);
        foreach (var service in Overlays.ThalianServices)
        {
            objects.Named("Deployment", service);
            objects.Named("Service", service);
            objects.Named("ServiceAccount", service);
            objects.Named("PodDisruptionBudget", service);
        }
        Assert.Equal(["aws-collector", "correlation", "idp-collector"],
            objects.OfKind("HorizontalPodAutoscaler").Select(h => h.Text("spec", "scaleTargetRef", "name")).Order());
        Assert.All(objects.Where(o => o.Text("kind") != "Namespace"),
            o => Assert.Equal(overlay == "dev" ? "thalian-dev" : "thalian", o.Text("metadata", "namespace")));
    }

    [Fact]
    public void Dev_runs_postgres_and_rabbitmq_in_cluster_and_prod_does_not()
    {
        var dev = Overlays.Render("dev");
        dev.Named("StatefulSet", "postgres");
        dev.Named("StatefulSet", "rabbitmq");
        Assert.Empty(Overlays.Render("prod").OfKind("StatefulSet"));
    }

    [Fact]
    public void Prod_annotates_the_aws_collector_service_account_for_irsa_and_allows_ambient_credentials()
    {
        var prod = Overlays.Render("prod");
        var account = prod.Named("ServiceAccount", "aws-collector");
        Assert.Matches("^arn:aws:iam::[0-9]{12}:role/", account.Text("metadata", "annotations", "eks.amazonaws.com/role-arn"));
        var configName = prod.Named("Deployment", "aws-collector").Containers().Single().Items("envFrom")
            .Select(e => e.Text("configMapRef", "name")).Single();
        Assert.Equal("true", prod.Named("ConfigMap", configName!).Text("data", "Thalian__Aws__AllowAmbientCredentials"));
        Assert.Null(Overlays.Render("dev").Named("ServiceAccount", "aws-collector").At("metadata", "annotations"));
    }

    [Fact]
    public void Autoscaled_deployments_leave_the_replica_count_to_the_autoscaler()
    {
        foreach (var overlay in new[] { "dev", "prod" })
        {
            var objects = Overlays.Render(overlay);
            foreach (var hpa in objects.OfKind("HorizontalPodAutoscaler"))
            {
                Assert.Null(objects.Named("Deployment", hpa.Text("spec", "scaleTargetRef", "name")!).At("spec", "replicas"));
                Assert.True(int.Parse(hpa.Text("spec", "maxReplicas")!) > int.Parse(hpa.Text("spec", "minReplicas")!));
            }
        }
    }
}
