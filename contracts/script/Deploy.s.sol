// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Script} from "forge-std/Script.sol";

import {ComputeRouter} from "../src/ComputeRouter.sol";
import {ProviderRegistry} from "../src/ProviderRegistry.sol";
import {TeamRegistry} from "../src/TeamRegistry.sol";
import {MockUSDC} from "../src/mocks/MockUSDC.sol";

/// @notice Deploys and wires the Necto contracts on any EVM chain, then writes
/// `deployments/<chainId>.json` (chain id, addresses, start block) for the other parts to read.
/// @dev Environment:
///   DEPLOYER_PRIVATE_KEY  required: pays for and broadcasts the deployment.
///   NECTO_ADMIN           governance admin (default: the deployer; the deployer hands over and renounces).
///   NECTO_ROUTER_KEY      address of the relayer's attestation key (default: the deployer).
///   NECTO_ARBITER         dispute arbiter (default: the admin).
///   NECTO_PAUSER          may pause new jobs (default: the admin).
///   NECTO_USDC            settlement/stake token; unset deploys MockUSDC (local and test chains only).
///   NECTO_DEPLOYMENT_FILE where to write the deployment (default deployments/<chainId>.json).
contract Deploy is Script {
    struct Deployment {
        address usdc;
        ProviderRegistry registry;
        TeamRegistry teams;
        ComputeRouter router;
    }

    function run() external returns (Deployment memory d) {
        uint256 key = vm.envUint("DEPLOYER_PRIVATE_KEY");
        address deployer = vm.addr(key);
        address admin = vm.envOr("NECTO_ADMIN", deployer);
        address routerKey = vm.envOr("NECTO_ROUTER_KEY", deployer);
        address arbiter = vm.envOr("NECTO_ARBITER", admin);
        address pauser = vm.envOr("NECTO_PAUSER", admin);
        d.usdc = vm.envOr("NECTO_USDC", address(0));
        uint256 startBlock = block.number;

        vm.startBroadcast(key);
        bool mockUsdc = d.usdc == address(0);
        if (mockUsdc) d.usdc = address(new MockUSDC());
        d.registry = new ProviderRegistry(deployer, IERC20(d.usdc));
        d.teams = new TeamRegistry();
        d.router = new ComputeRouter(deployer, d.registry, d.teams);
        d.registry.setRouter(address(d.router));
        d.router.grantRole(d.router.ROUTER_KEY_ROLE(), routerKey);
        d.router.grantRole(d.router.ARBITER_ROLE(), arbiter);
        d.router.grantRole(d.router.PAUSER_ROLE(), pauser);
        if (admin != deployer) {
            bytes32 adminRole = d.router.DEFAULT_ADMIN_ROLE();
            d.router.grantRole(adminRole, admin);
            d.registry.grantRole(adminRole, admin);
            d.router.renounceRole(adminRole, deployer);
            d.registry.renounceRole(adminRole, deployer);
        }
        vm.stopBroadcast();

        _write(d, startBlock, mockUsdc, routerKey, arbiter, admin);
    }

    function _write(
        Deployment memory d,
        uint256 startBlock,
        bool mockUsdc,
        address routerKey,
        address arbiter,
        address admin
    ) internal {
        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeUint(o, "startBlock", startBlock);
        vm.serializeBool(o, "mockUsdc", mockUsdc);
        vm.serializeAddress(o, "usdc", d.usdc);
        vm.serializeAddress(o, "providerRegistry", address(d.registry));
        vm.serializeAddress(o, "teamRegistry", address(d.teams));
        vm.serializeAddress(o, "computeRouter", address(d.router));
        vm.serializeAddress(o, "routerKey", routerKey);
        vm.serializeAddress(o, "arbiter", arbiter);
        string memory json = vm.serializeAddress(o, "admin", admin);
        string memory file =
            string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json");
        vm.writeJson(json, vm.envOr("NECTO_DEPLOYMENT_FILE", file));
    }
}
