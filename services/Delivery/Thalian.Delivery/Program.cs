using MassTransit;
using Thalian.Delivery;
using Thalian.Delivery.ManagingDestinations;
using Thalian.Delivery.Queueing;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Secrets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddSecretProtection("thalian-delivery", DeliveryRegistration.Schema);
builder.AddDelivery();
builder.AddThalianMessaging("delivery", bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.UseServiceDefaults();
app.MapDestinations();
app.MapDeliveries();
app.Run();

public partial class Program;
