using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.IdpEmulator;

/// <summary>The running scenario plus everything the emulated vendors remember: tokens, DPoP nonces, fault and request counts.</summary>
public sealed class EmulatorState(Scenario scenario)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<JsonObject>> populations = new();
    private readonly ConcurrentDictionary<string, int> faultsServed = new();
    private readonly ConcurrentDictionary<string, (long Minute, int Count)> rateWindows = new();
    private readonly ConcurrentDictionary<string, int> listingPasses = new();

    public Scenario Scenario { get; private set; } = scenario;
    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public ConcurrentDictionary<string, IssuedToken> Tokens { get; } = new();
    public ConcurrentDictionary<string, byte> DpopNonces { get; } = new();
    public ConcurrentDictionary<string, OktaHook> OktaHooks { get; } = new();
    public Vendors.GraphState Graph { get; private set; } = new();
    private readonly List<JsonObject> oktaLog = [];

    /// <summary>Swaps the scenario (tests); counters and caches start over, issued tokens stay valid.</summary>
    public void Replace(Scenario next)
    {
        Scenario = next;
        populations.Clear();
        faultsServed.Clear();
        rateWindows.Clear();
        listingPasses.Clear();
        Requests.Clear();
        OktaHooks.Clear();
        Graph = new Vendors.GraphState();
        lock (oktaLog)
        {
            oktaLog.Clear();
        }
    }

    /// <summary>Sets an explicit scenario Okta user's status (generated users: null) and drops the cached Okta populations.</summary>
    public JsonObject? SetOktaUserStatus(string id, string status, string at)
    {
        var okta = Scenario.Okta;
        var user = okta?.Users.FirstOrDefault(u => u["id"]?.ToString() == id);
        if (okta is null || user is null)
        {
            return null;
        }
        lock (okta)
        {
            user["status"] = status;
            user["statusChanged"] = at;
            if (user.ContainsKey("lastUpdated"))
            {
                user["lastUpdated"] = at;
            }
        }
        populations.TryRemove("okta/main", out _);
        populations.TryRemove("okta/deprovisioned", out _);
        return user;
    }

    public void AppendOktaLog(JsonObject logEvent)
    {
        lock (oktaLog)
        {
            oktaLog.Add(logEvent);
        }
    }

    /// <summary>The Okta System Log so far, oldest first (a copy of the list; the events are shared, clone before embedding).</summary>
    public IReadOnlyList<JsonObject> OktaLog()
    {
        lock (oktaLog)
        {
            return [.. oktaLog];
        }
    }

    public IReadOnlyList<JsonObject> Population(string key, Func<IReadOnlyList<JsonObject>> build) => populations.GetOrAdd(key, _ => build());

    /// <summary>Replaces a cached population (an Entra soft delete moves a user from one to another).</summary>
    public void SetPopulation(string key, IReadOnlyList<JsonObject> users) => populations[key] = users;

    public void Count(string vendor) => Requests.AddOrUpdate(vendor, 1, (_, n) => n + 1);

    /// <summary>The 1-based listing pass a request belongs to: a request for the first page starts the next pass.</summary>
    public int ListingPass(string vendor, bool starts) =>
        starts ? listingPasses.AddOrUpdate(vendor, 1, (_, n) => n + 1) : listingPasses.GetValueOrDefault(vendor, 1);

    /// <summary>The fault (or rate-limit breach) this request should get, if any; counted so "times" is honoured.</summary>
    public FaultSpec? FaultFor(string vendor, VendorScenario vendorScenario, string pass, int page)
    {
        if (vendorScenario.RateLimit is { } limit)
        {
            var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
            var window = rateWindows.AddOrUpdate(vendor, (minute, 1), (_, w) => w.Minute == minute ? (minute, w.Count + 1) : (minute, 1));
            if (window.Count > limit.RequestsPerMinute)
            {
                return new FaultSpec("throttle", page, pass, 1, (int)((minute + 1) * 60 - DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            }
        }
        for (var i = 0; i < vendorScenario.Faults.Count; i++)
        {
            var fault = vendorScenario.Faults[i];
            if (fault.Page != page || !string.Equals(fault.Pass, pass, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var times = fault.Times ?? (fault.Kind == "throttle" ? 1 : int.MaxValue);
            var served = faultsServed.AddOrUpdate($"{vendor}/{i}", 1, (_, n) => n + 1);
            if (served <= times)
            {
                return fault;
            }
        }
        return null;
    }

    /// <summary>The current window of an enforced budget: limit, remaining, reset (epoch seconds).</summary>
    public (int Limit, int Remaining, long Reset)? RateStatus(string vendor, VendorScenario vendorScenario)
    {
        if (vendorScenario.RateLimit is not { } limit)
        {
            return null;
        }
        var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
        var used = rateWindows.TryGetValue(vendor, out var w) && w.Minute == minute ? w.Count : 0;
        return (limit.RequestsPerMinute, Math.Max(0, limit.RequestsPerMinute - used), (minute + 1) * 60);
    }

    public string Issue(string vendor, string subject, string? jkt, TimeSpan lifetime)
    {
        var token = $"{vendor}-{Guid.NewGuid():N}";
        Tokens[token] = new IssuedToken(vendor, subject, jkt, DateTimeOffset.UtcNow + lifetime);
        return token;
    }

    public IssuedToken? Bearer(HttpRequest request, string vendor, string scheme = "Bearer")
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return Tokens.TryGetValue(header[(scheme.Length + 1)..].Trim(), out var t) && t.Vendor == vendor && t.Expires > DateTimeOffset.UtcNow ? t : null;
    }

    public static string Cursor(int offset) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes($"offset:{offset}"));

    /// <summary>The offset in an opaque cursor; -1 when the cursor is not one the emulator issued.</summary>
    public static int Offset(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(cursor));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], out var o) && o >= 0 ? o : -1;
        }
        catch (FormatException)
        {
            return -1;
        }
    }
}

/// <summary>A registered Okta event hook: the object Okta returns (never the secret; lock it to change it) and the secret it sends.</summary>
public sealed record OktaHook(JsonObject View, string? Secret);

public sealed record IssuedToken(string Vendor, string Subject, string? Jkt, DateTimeOffset Expires);
