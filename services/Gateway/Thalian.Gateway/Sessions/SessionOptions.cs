namespace Thalian.Gateway.Sessions;

/// <summary>Section Thalian:Session.</summary>
public sealed class SessionOptions
{
    /// <summary>The session ends after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>However active, a session ends this long after sign-in.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Mark the cookie Secure even when the gateway itself sees plain HTTP (TLS terminated in front of it).</summary>
    public bool SecureCookie { get; set; }
}
