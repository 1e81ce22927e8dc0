using System.Diagnostics;
using System.Text.Json;

namespace Thalian.Demo;

public sealed record DemoTenant(string TenantId, string Key);

/// <summary>Creates the demo tenant and its admin key with the gateway's own command line, as an operator would.</summary>
public static class TenantBootstrap
{
    private static readonly string[] Configurations = ["Release", "Debug"];

    public static async Task<DemoTenant> CreateAsync(DemoOptions options)
    {
        var gatewayDir = Path.Combine(options.RepoRoot, "services", "Gateway", "Thalian.Gateway");
        var dll = Configurations.Select(c => Path.Combine(gatewayDir, "bin", c, "net10.0", "Thalian.Gateway.dll")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"The gateway is not built (no Thalian.Gateway.dll under {gatewayDir}/bin).");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "create-tenant", "--contentRoot", gatewayDir, "--name", options.TenantName, "--admin-key-name", "demo", "--sandbox", "--json" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-tenant failed ({process.ExitCode}): {await stderr}");
        }
        using var printed = JsonDocument.Parse(await stdout);
        return new DemoTenant(printed.RootElement.GetProperty("tenantId").GetString()!, printed.RootElement.GetProperty("key").GetString()!);
    }
}
