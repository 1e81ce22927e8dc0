using Thalian.Contracts.Idp;
using Thalian.IdpCollector.ReadingDirectories.Entra;
using Thalian.IdpCollector.ReadingDirectories.Okta;

namespace Thalian.IdpCollector.Realtime;

/// <summary>The vendors whose pushes Thalian receives: one line per vendor.</summary>
public static class HookReceivers
{
    private static readonly Dictionary<string, IHookReceiver> ByProvider = new(StringComparer.Ordinal)
    {
        [IdpProviders.Okta] = new OktaHookReceiver(),
        [IdpProviders.Entra] = new EntraHookReceiver(),
    };

    public static IHookReceiver? For(string provider) => ByProvider.GetValueOrDefault(provider);
}
