// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry} from "../../../../src/ProviderRegistry.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_SetRouter_Unit_Test is ProviderRegistry_Unit_Test {
    address internal newRouter = makeAddr("newRouter");

    function test_RevertWhen_CallerNotAdmin() external {
        ProviderRegistry fresh = new ProviderRegistry(admin, usdc);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, fresh.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        fresh.setRouter(newRouter);
    }

    function test_RevertGiven_RouterSet() external whenCallerAdmin {
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_RouterAlreadySet.selector, address(router))
        );
        vm.prank(admin);
        registry.setRouter(newRouter);
    }

    function test_RevertWhen_RouterZero() external whenCallerAdmin {
        ProviderRegistry fresh = new ProviderRegistry(admin, usdc);
        vm.expectRevert(Errors.ProviderRegistry_ZeroRouter.selector);
        vm.prank(admin);
        fresh.setRouter(address(0));
        assertEq(fresh.router(), address(0), "router");
    }

    function test_GivenRouterNotSet() external whenCallerAdmin {
        ProviderRegistry fresh = new ProviderRegistry(admin, usdc);
        assertEq(fresh.router(), address(0), "router before");

        vm.expectEmit({emitter: address(fresh)});
        emit IProviderRegistry.RouterSet(newRouter);
        vm.prank(admin);
        fresh.setRouter(newRouter);
        assertEq(fresh.router(), newRouter, "router");

        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotRouter.selector, admin));
        vm.prank(admin);
        fresh.rate(provider, 5);
        vm.prank(newRouter);
        fresh.rate(provider, 5);
        assertEq(fresh.reputationOf(provider).ratingCount, 1, "ratingCount");
    }
}
