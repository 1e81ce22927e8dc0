using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Thalian.Testing;

namespace Thalian.Gateway.Tests;

public sealed class When_an_operator_bootstraps_a_tenant_from_the_command_line : GatewayHarness
{
    [Fact]
    public async Task The_printed_admin_key_works_through_the_gateway_and_is_an_admin()
    {
        var (exitCode, stdout, stderr) = await RunGatewayAsync("create-tenant", "--name", "Cli Co", "--admin-key-name", "first", "--json");

        Assert.True(exitCode == 0, stderr);
        var printed = JsonDocument.Parse(stdout).RootElement;
        var tenantId = printed.GetProperty("tenantId").GetString()!;
        using var client = ClientWithKey(printed.GetProperty("key").GetString());
        using var keys = await client.GetAsync("/api/v1/keys");
        var echo = await Echo.ReadAsync(await client.GetAsync("/api/v1/findings"));

        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Contains("\"first\"", await keys.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((tenantId, "admin"), (echo.Tenant, echo.Role));
    }

    [Fact]
    public async Task Without_a_name_it_prints_usage_and_fails()
    {
        var (exitCode, _, stderr) = await RunGatewayAsync("create-tenant");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_tenant_erases_it_in_every_service_and_its_keys_stop_working()
    {
        var (leaving, leavingKey) = await CreateTenantAsync("Leaving");
        var (_, stayingKey) = await CreateTenantAsync("Staying");

        var (mismatch, _, usage) = await RunGatewayAsync("delete-tenant", "--tenant-id", leaving, "--confirm", "someone-else");
        using var stillWorks = await ClientWithKey(leavingKey).GetAsync("/api/v1/findings");
        var (exitCode, stdout, stderr) = await RunGatewayAsync("delete-tenant", "--tenant-id", leaving, "--confirm", leaving, "--json");
        var printed = JsonDocument.Parse(stdout).RootElement;
        using var deleted = await ClientWithKey(leavingKey).GetAsync("/api/v1/findings");
        using var staying = await ClientWithKey(stayingKey).GetAsync("/api/v1/findings");
        var (again, _, _) = await RunGatewayAsync("delete-tenant", "--tenant-id", leaving, "--confirm", leaving);

        Assert.Equal(2, mismatch);
        Assert.Contains("--confirm", usage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["aws-collector", "idp-collector", "correlation", "delivery", "findings", "gateway"],
            printed.GetProperty("erased").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staying.StatusCode);
        Assert.Equal(1, again);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunGatewayAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(GatewayService).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ConnectionStrings__Postgres"] = PostgresConnectionString;
        start.Environment["Thalian__Schema"] = SchemaFor("gateway");
        start.Environment["Thalian__Internal__TokenSigningKeyFile"] = TestTokenKeys.SigningKeyPath;
        foreach (var cluster in new[] { "aws-collector", "idp-collector", "correlation", "findings", "delivery" })
        {
            start.Environment[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"] = Downstream.Address.ToString();
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
