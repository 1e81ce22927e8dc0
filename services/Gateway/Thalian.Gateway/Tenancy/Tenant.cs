namespace Thalian.Gateway.Tenancy;

/// <summary>A customer of the platform. Stored under its own id as the Marten tenant, like every other gateway document.</summary>
public sealed record Tenant
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>A demo/test tenant: the only kind whose connections may use emulator or custom endpoints. Fixed at creation.</summary>
    public bool Sandbox { get; init; }
}
