namespace Thalian.Deployment.Tests.Compose;

public class ComposeSchemaTests
{
    [Fact]
    public void Docker_compose_yml_validates_against_the_compose_specification()
    {
        using var answer = NodeValidator.Run("validate-compose.mjs", Repository.Read("docker-compose.yml"));

        Assert.Empty(answer.Errors());
    }

    [Fact]
    public void The_compose_validator_rejects_unknown_keys_and_bad_durations()
    {
        var broken = Repository.Read("docker-compose.yml")
            .Replace("    restart: unless-stopped\n\n  rabbitmq:", "    restrat: unless-stopped\n\n  rabbitmq:", StringComparison.Ordinal)
            .Replace("  interval: 10s", "  interval: ten seconds", StringComparison.Ordinal);

        using var answer = NodeValidator.Run("validate-compose.mjs", broken);

        Assert.Contains(answer.Errors(), e => e == "/services/postgres must NOT have additional properties: restrat");
        Assert.Contains(answer.Errors(), e => e.EndsWith("/healthcheck/interval must match format \"duration\"", StringComparison.Ordinal));
    }
}
