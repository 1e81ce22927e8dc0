using System.Diagnostics;
using Marten;
using Marten.Events;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;
using Thalian.Correlation;
using Thalian.Testing;

// Ingest benchmark (not a test): ACCOUNTS x USERS IAM users and one IdP of IDP accounts, each IAM user matching
// one IdP account by email. Usage: dotnet run -c Release --project tests/Thalian.Correlation.Tests/Benchmark -- [accounts] [users] [idp]
var accounts = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100;
var usersPerAccount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var idpAccounts = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
const int BatchSize = 200;
const string Tenant = "bench";

// WebApplicationFactory looks for the service's content root next to a solution; point it there explicitly.
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Thalian.Platform.sln")))
{
    root = root.Parent;
}
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_THALIAN_CORRELATION",
    Path.Combine(root?.FullName ?? ".", "services", "Correlation", "Thalian.Correlation"));

var infrastructure = new IsolatedInfrastructure();
await infrastructure.InitializeAsync();
try
{
    await using var service = new ServiceFactory<CorrelationService>(infrastructure, "correlation", new Dictionary<string, string?>
    {
        ["Thalian:DaemonMode"] = "Solo",
        ["Logging:LogLevel:Default"] = "Warning",
    });
    _ = service.Server;
    var bus = service.Services.GetRequiredService<IBus>();
    var store = service.Services.GetRequiredService<IDocumentStore>();
    var okta = Guid.NewGuid();
    var start = DateTimeOffset.UtcNow.AddDays(-3);
    Console.WriteLine($"Scale: {accounts} AWS accounts x {usersPerAccount} IAM users, one IdP of {idpAccounts} accounts, batches of {BatchSize}");
    Console.WriteLine("| phase | wall time | events appended | events/s | runs settled | peak working set |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var settledRuns = 0;
    foreach (var (phase, day, changedEvery) in new[] { ("first ingest", 0, 0), ("re-sync, unchanged", 1, 0), ("re-sync, 1% changed", 2, 100) })
    {
        var before = await CountEventsAsync(store);
        var clock = Stopwatch.StartNew();
        var at = start.AddDays(day);
        var runs = 1 + accounts;
        await PublishIdpAsync(bus, okta, at, day, changedEvery);
        for (var a = 0; a < accounts; a++)
        {
            await PublishAwsAsync(bus, a, at, changedEvery);
        }
        settledRuns += runs;
        await WaitForSettledAsync(store, settledRuns);
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));
        clock.Stop();
        var appended = await CountEventsAsync(store) - before - runs;
        Console.WriteLine($"| {phase} | {clock.Elapsed.TotalSeconds:F1} s | {appended} | {appended / clock.Elapsed.TotalSeconds:F0} | {runs} | {Environment.WorkingSet / 1048576} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB peak |");
    }
}
finally
{
    await infrastructure.DisposeAsync();
}

async Task PublishIdpAsync(IBus bus, Guid connection, DateTimeOffset at, int day, int changedEvery)
{
    var run = Guid.NewGuid();
    var batches = 0;
    foreach (var chunk in Enumerable.Range(0, idpAccounts).Chunk(BatchSize))
    {
        await bus.Publish(new IdpAccountsObserved
        {
            TenantId = Tenant, CorrelationId = run, SyncRunId = run, ConnectionId = connection, Provider = IdpProviders.Okta, ObservedAt = at,
            Accounts = [.. chunk.Select(n => IdpAccount(n, changedEvery > 0 && n % changedEvery == 0))],
        });
        batches++;
    }
    await bus.Publish(new IdpSyncCompleted
    {
        TenantId = Tenant, CorrelationId = run, SyncRunId = run, ConnectionId = connection, Provider = IdpProviders.Okta,
        StartedAt = at.AddMinutes(-1), CompletedAt = at.AddMinutes(1), Complete = true, AccountCount = idpAccounts, BatchCount = batches,
    });
}

async Task PublishAwsAsync(IBus bus, int account, DateTimeOffset at, int changedEvery)
{
    var run = Guid.NewGuid();
    var accountId = (100_000_000_000L + account).ToString(System.Globalization.CultureInfo.InvariantCulture);
    var batches = 0;
    foreach (var chunk in Enumerable.Range(account * usersPerAccount, usersPerAccount).Chunk(BatchSize))
    {
        await bus.Publish(new AwsIdentitiesObserved
        {
            TenantId = Tenant, CorrelationId = run, SyncRunId = run, AccountId = accountId, Partition = "aws", ObservedAt = at,
            Users = [.. chunk.Select(n => IamUser(accountId, n, changedEvery > 0 && n % changedEvery == 1))],
        });
        batches++;
    }
    await bus.Publish(new AwsSyncCompleted
    {
        TenantId = Tenant, CorrelationId = run, SyncRunId = run, ConnectionId = Guid.Empty, AccountId = accountId,
        StartedAt = at.AddMinutes(-1), CompletedAt = at.AddMinutes(1), Complete = true, UserCount = usersPerAccount, BatchCount = batches,
    });
}

static IdpAccountObservation IdpAccount(int n, bool changed) => new()
{
    ExternalId = $"00u{n}", Lifecycle = changed ? IdpLifecycle.Suspended : IdpLifecycle.Active, RawStatus = changed ? "SUSPENDED" : "ACTIVE",
    PrimaryEmail = $"user{n}@corp.example", Usernames = [$"user{n}@corp.example"], DisplayName = $"User {n}",
};

static IamUserObservation IamUser(string accountId, int n, bool changed) => new()
{
    UserName = $"user{n}@corp.example", UserId = $"AIDA{n:D16}", Arn = $"arn:aws:iam::{accountId}:user/user{n}@corp.example",
    CreatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), GroupNames = ["developers"],
    Policies = [new("group:developers", "aws-managed", "ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", null)],
    Credentials = new CredentialReportRow
    {
        PasswordEnabled = true, MfaActive = !changed,
        AccessKey1 = new AccessKeyUsage { Active = true, LastRotated = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero) },
    },
    MfaDevices = changed ? [] : [new($"arn:aws:iam::{accountId}:mfa/user{n}", "virtual", new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero))],
};

static async Task<long> CountEventsAsync(IDocumentStore store)
{
    await using var session = store.QuerySession(Tenant);
    return await session.Events.QueryAllRawEvents().LongCountAsync();
}

static async Task WaitForSettledAsync(IDocumentStore store, int runs)
{
    while (true)
    {
        await using var session = store.QuerySession(Tenant);
        if (await session.Events.QueryAllRawEvents().CountAsync(e => e.EventTypeName == "sync_run_settled") >= runs)
        {
            return;
        }
        await Task.Delay(250);
    }
}
