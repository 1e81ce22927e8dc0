using System.Text.Json;
using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator;

/// <summary>The emulated world: per vendor, its credentials, its users (vendor JSON, served as is) and injected faults.</summary>
public sealed class Scenario
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public OktaScenario? Okta { get; set; }
    public EntraScenario? Entra { get; set; }
    public GoogleScenario? Google { get; set; }
    public JumpCloudScenario? JumpCloud { get; set; }
    public OneLoginScenario? OneLogin { get; set; }

    public static Scenario Load(string path) =>
        JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"Scenario {path} is empty.");
}

public class VendorScenario
{
    public List<JsonObject> Users { get; set; } = [];
    public int? PageSize { get; set; }
    /// <summary>Caps pages below the vendor maximum, so a few users span several pages (tests).</summary>
    public int? MaxPageSize { get; set; }
    public GenerateSpec? Generate { get; set; }
    public RateLimitSpec? RateLimit { get; set; }
    public List<FaultSpec> Faults { get; set; } = [];
}

public sealed record GenerateSpec(int Count, int DeletedCount = 0);
public sealed record RateLimitSpec(int RequestsPerMinute);

/// <summary>A fault on one page of one pass ("main", "deprovisioned"/"deleted"): throttle, error, malformed, forbidden, expiredToken.</summary>
public sealed record FaultSpec(string Kind, int Page, string Pass = "main", int? Times = null, int DelaySeconds = 0);

public sealed class OktaScenario : VendorScenario
{
    public List<string> ApiTokens { get; set; } = [];
    public List<OktaClientSpec> Clients { get; set; } = [];
}

public sealed record OktaClientSpec(string ClientId, string PublicKeyPem, bool RequireDpop = true);

public sealed class EntraScenario : VendorScenario
{
    public string TenantId { get; set; } = "";
    public List<EntraClientSpec> Clients { get; set; } = [];
    public List<JsonObject> DeletedUsers { get; set; } = [];
}

public sealed record EntraClientSpec(string ClientId, string? ClientSecret, string? CertificatePem);

public sealed class GoogleScenario : VendorScenario
{
    public string Customer { get; set; } = "my_customer";
    public List<GoogleServiceAccountSpec> ServiceAccounts { get; set; } = [];
    public List<JsonObject> DeletedUsers { get; set; } = [];
}

public sealed record GoogleServiceAccountSpec(string ClientEmail, string PublicKeyPem, List<string> Admins);

public sealed class JumpCloudScenario : VendorScenario
{
    public List<string> ApiKeys { get; set; } = [];
    public string? OrgId { get; set; }
    /// <summary>Makes totalCount lie (to exercise the collector's cross-check).</summary>
    public int? ReportedTotalCount { get; set; }
}

public sealed class OneLoginScenario : VendorScenario
{
    public List<OneLoginClientSpec> Clients { get; set; } = [];
}

public sealed record OneLoginClientSpec(string ClientId, string ClientSecret);
