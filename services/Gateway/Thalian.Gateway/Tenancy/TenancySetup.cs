using Marten;
using Thalian.ServiceDefaults;

namespace Thalian.Gateway.Tenancy;

public static class TenancySetup
{
    public static IHostApplicationBuilder AddTenancy(this IHostApplicationBuilder builder)
    {
        builder.AddThalianMarten("gateway", opts =>
        {
            opts.Schema.For<Tenant>().Identity(t => t.Id);
            opts.Schema.For<ApiKey>().UniqueIndex(k => k.KeyHash);
        });
        builder.Services.AddSingleton<TenantDirectory>();
        return builder;
    }
}
