using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Thalian.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ the tests run on, resolved once per test run: connection strings from
/// THALIAN_TEST_POSTGRES / THALIAN_TEST_RABBITMQ when set; else containers when a Docker endpoint exists;
/// else the services scripts/infra-up.sh started on this machine.
/// </summary>
public static class Infrastructure
{
    private static readonly Lazy<Task<Endpoints>> Resolved = new(ResolveAsync);

    public static Task<Endpoints> GetAsync() => Resolved.Value;

    private static async Task<Endpoints> ResolveAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("THALIAN_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("THALIAN_TEST_RABBITMQ");
        var management = Environment.GetEnvironmentVariable("THALIAN_TEST_RABBITMQ_MANAGEMENT");
        if (postgres is null && rabbit is null && DockerEndpointExists())
        {
            try
            {
                return await StartContainersAsync();
            }
            catch (DockerUnavailableException)
            {
                // Fall through to the locally started services.
            }
        }
        return new Endpoints(
            postgres ?? "Host=127.0.0.1;Port=5432;Database=thalian;Username=thalian;Password=thalian",
            new Uri(rabbit ?? "amqp://guest:guest@127.0.0.1:5672/"),
            new Uri(management ?? "http://guest:guest@127.0.0.1:15672/"));
    }

    private static bool DockerEndpointExists() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is not null || File.Exists("/var/run/docker.sock");

    private static async Task<Endpoints> StartContainersAsync()
    {
        var postgres = new PostgreSqlBuilder("postgres:16-alpine").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").WithPortBinding(15672, true).Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        var amqp = new UriBuilder(rabbit.GetConnectionString()) { Path = "/" }.Uri;
        var management = new Uri($"http://rabbitmq:rabbitmq@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/");
        return new Endpoints(postgres.GetConnectionString(), amqp, management);
    }
}

public sealed record Endpoints(string Postgres, Uri RabbitMq, Uri RabbitMqManagement);
