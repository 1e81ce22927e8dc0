using Marten;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingSettings;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Findings.ListingRules;

public sealed record RuleEntry(string Id, string Title, string Severity, string Description, string Remediation,
    IReadOnlyList<string> RemediationCommands, IReadOnlyDictionary<string, int> Thresholds, string? Cis);

public static class RulesEndpoint
{
    public static IEndpointRouteBuilder MapRules(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/rules", async (HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(http.User.TenantId());
            var settings = await session.LoadAsync<TenantSettings>(session.TenantId, ct) ?? TenantSettings.DefaultFor(session.TenantId);
            return Results.Ok(RuleCatalogue.All.Select(r => new RuleEntry(r.Id, r.Title, r.Severity, r.Description, r.Remediation,
                r.RemediationCommands, Thresholds(r, settings), r.Cis is null ? null : RuleCatalogue.CisReference(r))).ToList());
        })
            .WithTags("Rules").WithSummary("Every rule: what it means, how to fix it, its thresholds")
            .Produces<List<RuleEntry>>();
        return app;
    }

    private static Dictionary<string, int> Thresholds(RuleDefinition rule, TenantSettings settings) => rule.ThresholdSetting switch
    {
        nameof(TenantSettings.StaleKeyDays) => new() { ["staleKeyDays"] = settings.StaleKeyDays },
        nameof(TenantSettings.KeyRotationDays) => new() { ["keyRotationDays"] = settings.KeyRotationDays },
        nameof(TenantSettings.RootUseWindowDays) => new() { ["rootUseWindowDays"] = settings.RootUseWindowDays },
        _ => [],
    };
}
