using System.Net.Http.Headers;
using Thalian.Demo;

// The demo: a tenant and key from the gateway CLI, two AWS accounts and five IdPs connected through the public API,
// first syncs awaited, the directories synced once more, findings printed (and, with --verify, compared with the expected list).
try
{
    return await RunAsync(DemoOptions.Parse(args));
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or ArgumentException)
{
    await Console.Error.WriteLineAsync($"[demo] FAILED: {e.Message}");
    return 1;
}

static async Task<int> RunAsync(DemoOptions options)
{
    await Retiring.RetirePreviousAsync(options);
    var tenant = await TenantBootstrap.CreateAsync(options);
    Console.WriteLine($"[demo] tenant {tenant.TenantId} created with an admin key");
    if (options.StateFile is not null)
    {
        await File.WriteAllTextAsync(options.StateFile, $"{{\"tenantId\":\"{tenant.TenantId}\",\"key\":\"{tenant.Key}\"}}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(options.StateFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    using var api = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(120) };
    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Key);
    await Connecting.ConnectAllAsync(api, options);
    await Settling.WaitForFirstSyncsAsync(api, expected: 7, options.SyncTimeout);
    await Settling.SyncDirectoriesAgainAsync(api, options.SyncTimeout);
    var expected = options.Verify is null ? null : Reporting.ExpectedKeys(options.Verify);
    var findings = await Settling.WaitForFindingsAsync(api, options.FindingsTimeout,
        expected is null ? null : f => f.Select(x => x.Key).ToHashSet().SetEquals(expected) && f.Count == expected.Count);

    Console.WriteLine();
    Reporting.PrintTable(findings);
    Console.WriteLine();
    Console.WriteLine($"Gateway:       {options.Gateway}");
    Console.WriteLine($"API reference: {new Uri(options.Gateway, "/docs")}  (OpenAPI: {new Uri(options.Gateway, "/openapi/v1.json")})");
    Console.WriteLine($"Demo API key:  {tenant.Key}   (also in {options.StateFile ?? "nowhere else: copy it now"})");
    Console.WriteLine($"Try:           curl -s -H 'Authorization: Bearer {tenant.Key}' '{new Uri(options.Gateway, "/api/v1/findings?status=open")}'");
    return expected is null || Reporting.Compare(findings, expected) ? 0 : 1;
}
