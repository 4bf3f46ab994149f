namespace Infra.Access.Definition;

public enum Tier
{
    NonProduction,
    Production,
}
