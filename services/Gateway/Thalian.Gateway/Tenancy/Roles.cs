namespace Thalian.Gateway.Tenancy;

/// <summary>admin may change things (connect integrations, change settings, suppress, manage keys); reader may only read.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Reader = "reader";

    public static bool IsKnown(string? role) => role is Admin or Reader;
}
