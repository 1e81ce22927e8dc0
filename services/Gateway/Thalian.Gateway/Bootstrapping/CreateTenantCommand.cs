using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging.Console;
using Thalian.Gateway.Tenancy;

namespace Thalian.Gateway.Bootstrapping;

/// <summary>
/// `create-tenant --name X [--admin-key-name Y] [--sandbox] [--json]`: creates a tenant and its first admin key, prints both, exits.
/// The key is printed once and is not recoverable afterwards. --sandbox marks a demo/test tenant, the only kind whose
/// connections may use emulator or custom endpoints (the demo driver passes it).
/// </summary>
public static class CreateTenantCommand
{
    public const string Verb = "create-tenant";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Logs go to stderr in command mode, so stdout carries only the result (scripts parse it).</summary>
    public static void SendLogsToStandardError(IHostApplicationBuilder builder) =>
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var name = Option(args, "--name");
        if (string.IsNullOrWhiteSpace(name))
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} --name <tenant name> [--admin-key-name <key name>] [--sandbox] [--json]");
            return 2;
        }
        var keyName = Option(args, "--admin-key-name") ?? "bootstrap admin";
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var directory = app.Services.GetRequiredService<TenantDirectory>();
        var tenant = await directory.CreateTenantAsync(name, CancellationToken.None, sandbox: args.Contains("--sandbox"));
        var (key, plaintext) = await directory.CreateKeyAsync(tenant.Id, keyName, Roles.Admin, null, "cli:create-tenant", CancellationToken.None);
        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { tenantId = tenant.Id, tenantName = tenant.Name, keyId = key.Id, key = plaintext }));
        }
        else
        {
            Console.WriteLine($"tenant id:    {tenant.Id}");
            Console.WriteLine($"tenant name:  {tenant.Name}");
            Console.WriteLine($"admin key id: {key.Id}");
            Console.WriteLine($"admin key:    {plaintext}");
            Console.WriteLine("Store the key now: it is shown only once.");
        }
        return 0;
    }

    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
