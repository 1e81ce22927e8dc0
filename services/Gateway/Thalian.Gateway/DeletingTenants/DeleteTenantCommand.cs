using System.Text.Json;
using Marten;
using Thalian.Gateway.Bootstrapping;

namespace Thalian.Gateway.DeletingTenants;

/// <summary>
/// `delete-tenant --tenant-id X --confirm X [--json]`: deletes the tenant from every service (see <see cref="TenantDeletion"/>)
/// and exits 0, or names the service that failed and exits 1 (repeat it). The repeated id is the confirmation.
/// </summary>
public static class DeleteTenantCommand
{
    public const string Verb = "delete-tenant";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var tenantId = CreateTenantCommand.Option(args, "--tenant-id");
        if (string.IsNullOrWhiteSpace(tenantId) || CreateTenantCommand.Option(args, "--confirm") != tenantId)
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} --tenant-id <id> --confirm <the same id> [--json]  (deletes every row of the tenant in every service)");
            return 2;
        }
        await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var outcome = await app.Services.GetRequiredService<TenantDeletion>().DeleteAsync(tenantId, "cli:delete-tenant", CancellationToken.None);
        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { tenantId, found = outcome.Found, erased = outcome.Erased, failures = outcome.Failures }));
        }
        else if (!outcome.Found)
        {
            await Console.Error.WriteLineAsync($"No tenant {tenantId} is registered at the gateway.");
        }
        else
        {
            Console.WriteLine($"erased from: {string.Join(", ", outcome.Erased)}");
            foreach (var failure in outcome.Failures)
            {
                Console.WriteLine($"failed: {failure} Run the command again.");
            }
        }
        return outcome.Found && outcome.Failures.Count == 0 ? 0 : 1;
    }
}
