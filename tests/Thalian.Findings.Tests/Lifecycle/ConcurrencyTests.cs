using Marten;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Findings.Detecting;
using Thalian.Findings.ManagingFindings;
using Thalian.Findings.Tests.Rules;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed class ConcurrencyTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    [Fact]
    public async Task A_still_seen_touch_cannot_overwrite_a_suppression_written_meanwhile()
    {
        var store = fx.Service.Services.GetRequiredService<IDocumentStore>();
        var tenant = "race-" + Guid.NewGuid().ToString("N")[..8];
        var now = fx.Clock.GetUtcNow();
        var result = new RuleResult(RuleIds.MultipleActiveKeys, Severities.Medium, ResourceTypes.IamUser, "1/user/AIDA1", "arn:aws:iam::1:user/x", "1",
            "two keys", new Dictionary<string, string> { ["k"] = "v" }, now);
        await using (var create = store.LightweightSession(tenant))
        {
            FindingWriter.Write(create, null, FindingDecider.Observe(null, result, tenant, Guid.NewGuid(), now));
            await create.SaveChangesAsync();
        }
        var id = FindingIds.For(tenant, result.RuleId, result.ResourceId);

        await using var evaluator = store.LightweightSession(tenant);
        var seenByEvaluator = (await evaluator.Query<FindingView>().Where(f => f.Id == id).ToListAsync()).Single();

        await using (var api = store.LightweightSession(tenant))
        {
            var view = await api.LoadAsync<FindingView>(id);
            FindingWriter.Write(api, view, FindingDecider.Suppress(view!, "alice", "accepted", null, now));
            await api.SaveChangesAsync();
        }

        var touch = FindingDecider.Observe(seenByEvaluator, result, tenant, seenByEvaluator.ScopeId, now.AddMinutes(1));
        Assert.Empty(touch.Events);
        FindingWriter.Write(evaluator, seenByEvaluator, touch);
        await Assert.ThrowsAnyAsync<JasperFx.ConcurrencyException>(() => evaluator.SaveChangesAsync());

        await using var check = store.QuerySession(tenant);
        Assert.Equal(FindingStatuses.Suppressed, (await check.LoadAsync<FindingView>(id))!.Status);
    }

    [Theory]
    [InlineData(true, "ExclusiveLock")]
    [InlineData(false, "ShareLock")]
    public async Task The_tenant_lock_is_held_for_the_whole_transaction(bool exclusive, string mode)
    {
        var store = fx.Service.Services.GetRequiredService<IDocumentStore>();
        await using var session = await Thalian.Findings.TrackingIdentities.TenantLock.OpenAsync(store, "lock-" + Guid.NewGuid().ToString("N")[..8], null, exclusive, default);
        await session.LoadAsync<FindingView>(Guid.NewGuid());
        await using var command = new Npgsql.NpgsqlCommand("select mode from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()");
        await using var reader = await session.ExecuteReaderAsync(command);
        Assert.True(await reader.ReadAsync(), "no advisory lock held by the session's connection");
        Assert.Equal(mode, reader.GetString(0));
    }
}
